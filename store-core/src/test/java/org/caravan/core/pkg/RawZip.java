package org.caravan.core.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes ZIP files byte by byte, so tests can make the archives java.util.zip refuses to write:
 * duplicate names, symbolic links, lying sizes.
 */
final class RawZip {

    private record Raw(String name, byte[] content, boolean deflate, long declaredSize, int unixMode) {}

    private final List<Raw> entries = new ArrayList<>();
    private boolean zip64;

    /** Writes sizes, offsets and counts in their ZIP64 form, as a producer does for archives over 4 GiB. */
    RawZip zip64() {
        zip64 = true;
        return this;
    }

    /** A stored (uncompressed) regular file. */
    RawZip add(String name, byte[] content) {
        entries.add(new Raw(name, content, false, content.length, 0));
        return this;
    }

    /** A regular file, stored, with the given Unix mode (type and permission bits) in its attributes. */
    RawZip addWithMode(String name, byte[] content, int unixMode) {
        entries.add(new Raw(name, content, false, content.length, unixMode));
        return this;
    }

    /** A deflated file whose headers claim {@code declaredSize} uncompressed bytes, true or not. */
    RawZip addDeflated(String name, byte[] content, long declaredSize) {
        entries.add(new Raw(name, content, true, declaredSize, 0));
        return this;
    }

    /** Starts with the manifest's canonical JSON, as the builder would. */
    RawZip manifest(Manifest m) {
        return add(PackagePaths.MANIFEST_ENTRY, m.toJson());
    }

    void write(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream cen = new ByteArrayOutputStream();
        for (Raw e : entries) {
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            byte[] data = e.deflate ? deflate(e.content) : e.content;
            CRC32 crc = new CRC32();
            crc.update(e.content);
            long offset = out.size();
            ByteBuffer loc = le(30);
            loc.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800)
                    .putShort((short) (e.deflate ? 8 : 0)).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt(data.length).putInt((int) e.declaredSize)
                    .putShort((short) name.length).putShort((short) 0);
            out.write(loc.array());
            out.write(name);
            out.write(data);
            ByteBuffer c = le(46);
            c.putInt(0x02014b50).putShort((short) (e.unixMode != 0 ? (3 << 8) | 45 : 45)).putShort((short) 45)
                    .putShort((short) 0x0800).putShort((short) (e.deflate ? 8 : 0))
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue())
                    .putInt(zip64 ? -1 : data.length).putInt(zip64 ? -1 : (int) e.declaredSize)
                    .putShort((short) name.length).putShort((short) (zip64 ? 28 : 0)).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(e.unixMode << 16)
                    .putInt(zip64 ? -1 : (int) offset);
            cen.write(c.array());
            cen.write(name);
            if (zip64) {
                ByteBuffer x = le(28);
                x.putShort((short) 1).putShort((short) 24).putLong(e.declaredSize).putLong(data.length).putLong(offset);
                cen.write(x.array());
            }
        }
        long cdOffset = out.size();
        out.write(cen.toByteArray());
        if (zip64) {
            long end64 = out.size();
            ByteBuffer z = le(56);
            z.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(cen.size()).putLong(cdOffset);
            out.write(z.array());
            ByteBuffer loc = le(20);
            loc.putInt(0x07064b50).putInt(0).putLong(end64).putInt(1);
            out.write(loc.array());
        }
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) (zip64 ? 0xffff : entries.size())).putShort((short) (zip64 ? 0xffff : entries.size()))
                .putInt(zip64 ? -1 : cen.size()).putInt(zip64 ? -1 : (int) cdOffset).putShort((short) 0);
        out.write(end.array());
        Files.write(file, out.toByteArray());
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] deflate(byte[] content) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            d.setInput(content);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }
}
