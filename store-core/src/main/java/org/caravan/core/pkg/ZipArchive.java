package org.caravan.core.pkg;

import static org.caravan.core.pkg.PackageRejectedException.Reason.MALFORMED_ZIP;
import static org.caravan.core.pkg.PackageRejectedException.Reason.NOT_A_ZIP;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A strict, read-only view of a ZIP file, parsed here rather than by java.util.zip because the
 * checks a package needs see things the JDK hides: Unix modes in the external attributes (links,
 * devices), duplicate names, and entries whose local header disagrees with the central directory.
 * One parser decides what the archive contains; there is no second reader that could see otherwise.
 *
 * <p>Accepted: one disk, ZIP64 sizes and offsets, methods STORED and DEFLATED, no encryption,
 * entries laid out back to back in central-directory order starting at offset 0, no overlaps.
 */
final class ZipArchive implements Closeable {

    static final int MAX_ENTRIES = 200_000;
    static final long MAX_CENTRAL_DIRECTORY = 64L * 1024 * 1024;

    private static final int LOC_SIG = 0x04034b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int END_SIG = 0x06054b50;
    private static final int ZIP64_END_SIG = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;

    /** Unix file type bits (st_mode & S_IFMT) as stored in the upper half of the external attributes. */
    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFLNK = 0120000;

    /** One entry as the central directory describes it, checked against its local header. */
    record Entry(int index, String name, int versionMadeBy, int flags, int method, long compressedSize, long size,
                 long localHeaderOffset, long externalAttributes, long dataOffset) {

        /** Unix mode bits, 0 when the creator stored none. */
        int unixMode() {
            return (int) (externalAttributes >>> 16) & 0xffff;
        }

        boolean isLink() {
            return (unixMode() & S_IFMT) == S_IFLNK;
        }

        /** Directory by name, by MS-DOS attribute or by Unix mode; or a device, FIFO or socket. */
        String notRegularFile() {
            int type = unixMode() & S_IFMT;
            if (name.endsWith("/") || (externalAttributes & 0x10) != 0 || type == S_IFDIR) {
                return "is a directory entry";
            }
            if (type != 0 && type != S_IFREG) {
                return "is a special file (Unix mode " + Integer.toOctalString(unixMode()) + ")";
            }
            return null;
        }
    }

    private final Path file;
    /**
     * Where the archive's bytes come from, by position: a file, or the plaintext of a sealed payload opened chunk by
     * chunk (a licensed package is extracted without its plain archive ever being written).
     */
    interface Source extends java.io.Closeable {
        /** As {@link FileChannel#read(ByteBuffer, long)}. */
        int read(ByteBuffer dst, long position) throws IOException;

        long size() throws IOException;
    }

    private final Source channel;
    private final List<Entry> entries;

    private ZipArchive(Path file, Source channel, List<Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
    }

    static ZipArchive open(Path file) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "package file does not exist");
        }
        FileChannel fc = ch;
        return open(file, new Source() {
            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return fc.read(dst, position);
            }

            @Override
            public long size() throws IOException {
                return fc.size();
            }

            @Override
            public void close() throws IOException {
                fc.close();
            }
        });
    }

    /** Reads the archive in {@code source} ({@code file} names it in refusals); closes the source on failure. */
    static ZipArchive open(Path file, Source source) throws IOException {
        try {
            return new ZipArchive(file, source, new Parser(file, source).parse());
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** Entries in central-directory order, which is also their order in the file. */
    List<Entry> entries() {
        return entries;
    }

    /**
     * The entry's uncompressed content. The stream does not stop at the declared size: callers count
     * what they read, because a hostile archive may declare anything.
     */
    InputStream content(Entry e) {
        InputStream raw = new RangeStream(channel, e.dataOffset(), e.compressedSize());
        if (e.method() == 0) {
            return raw;
        }
        Inflater inflater = new Inflater(true);
        return new InflaterInputStream(raw, inflater, 64 * 1024) {
            private boolean eof;

            @Override
            protected void fill() throws IOException {
                len = in.read(buf, 0, buf.length);
                if (len == -1) {
                    // zlib wants one extra byte at the end of a raw deflate stream, as ZipFile supplies.
                    if (eof) {
                        throw new EOFException("compressed data of entry '" + e.name() + "' ends early");
                    }
                    eof = true;
                    buf[0] = 0;
                    len = 1;
                }
                inf.setInput(buf, 0, len);
            }

            @Override
            public void close() throws IOException {
                inflater.end();
                super.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads [offset, offset+length) of the channel with positional reads. */
    private static final class RangeStream extends InputStream {
        private final Source ch;
        private long pos;
        private final long end;

        RangeStream(Source ch, long offset, long length) {
            this.ch = ch;
            this.pos = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int n = (int) Math.min(len, end - pos);
            int r = ch.read(ByteBuffer.wrap(b, off, n), pos);
            if (r < 0) {
                throw new EOFException("archive ends inside an entry");
            }
            pos += r;
            return r;
        }
    }

    private static final class Parser {
        private final Path file;
        private final Source ch;
        private final long fileSize;

        Parser(Path file, Source ch) throws IOException {
            this.file = file;
            this.ch = ch;
            this.fileSize = ch.size();
        }

        List<Entry> parse() throws IOException {
            if (fileSize < 22) {
                throw reject(NOT_A_ZIP, "too short to be a ZIP archive (" + fileSize + " bytes)");
            }
            int tailLength = (int) Math.min(fileSize, 22 + 0xffff);
            ByteBuffer tail = read(fileSize - tailLength, tailLength);
            int endAt = -1;
            for (int p = tailLength - 22; p >= 0; p--) {
                if (tail.getInt(p) == END_SIG && p + 22 + u16(tail, p + 20) == tailLength) {
                    endAt = p;
                    break;
                }
            }
            if (endAt < 0) {
                throw reject(NOT_A_ZIP, "not a ZIP archive (no end of central directory record)");
            }
            long endPos = fileSize - tailLength + endAt;
            if (u16(tail, endAt + 4) != 0 || u16(tail, endAt + 6) != 0) {
                throw reject(MALFORMED_ZIP, "multi-disk archives are not supported");
            }
            long count = u16(tail, endAt + 10);
            long cdSize = u32(tail, endAt + 12);
            long cdOffset = u32(tail, endAt + 16);
            long cdEnd = endPos;
            if (endPos >= 20 && read(endPos - 20, 4).getInt(0) == ZIP64_LOCATOR_SIG) {
                ByteBuffer loc = read(endPos - 20, 20);
                long z64 = loc.getLong(8);
                if (loc.getInt(4) != 0 || loc.getInt(16) != 1 || z64 < 0 || z64 + 56 > endPos - 20) {
                    throw reject(MALFORMED_ZIP, "bad ZIP64 end locator");
                }
                ByteBuffer end64 = read(z64, 56);
                if (end64.getInt(0) != ZIP64_END_SIG || end64.getInt(16) != 0 || end64.getInt(20) != 0) {
                    throw reject(MALFORMED_ZIP, "bad ZIP64 end of central directory record");
                }
                count = end64.getLong(32);
                cdSize = end64.getLong(40);
                cdOffset = end64.getLong(48);
                cdEnd = z64;
            }
            if (count < 0 || count > MAX_ENTRIES) {
                throw reject(MALFORMED_ZIP, "too many entries (" + count + ", at most " + MAX_ENTRIES + ")");
            }
            if (cdSize < 0 || cdSize > MAX_CENTRAL_DIRECTORY || cdOffset < 0 || cdOffset + cdSize != cdEnd) {
                throw reject(MALFORMED_ZIP, "central directory position is inconsistent (offset " + cdOffset
                        + ", size " + cdSize + ", expected to end at " + cdEnd + ")");
            }
            ByteBuffer cd = read(cdOffset, (int) cdSize);
            List<Entry> out = new ArrayList<>((int) count);
            int p = 0;
            for (int i = 0; i < count; i++) {
                if (p + 46 > cdSize || cd.getInt(p) != CEN_SIG) {
                    throw reject(MALFORMED_ZIP, "central directory entry " + i + " is damaged");
                }
                int madeBy = u16(cd, p + 4);
                int flags = u16(cd, p + 8);
                int method = u16(cd, p + 10);
                long csize = u32(cd, p + 20);
                long size = u32(cd, p + 24);
                int nameLen = u16(cd, p + 28);
                int extraLen = u16(cd, p + 30);
                int commentLen = u16(cd, p + 32);
                int disk = u16(cd, p + 34);
                long external = u32(cd, p + 38);
                long locOffset = u32(cd, p + 42);
                int next = p + 46 + nameLen + extraLen + commentLen;
                if (next > cdSize) {
                    throw reject(MALFORMED_ZIP, "central directory entry " + i + " runs past the directory");
                }
                byte[] nameBytes = new byte[nameLen];
                cd.get(p + 46, nameBytes);
                String name = decodeName(nameBytes, i);
                // ZIP64: the real value sits in extra field 0x0001 when the 32-bit field is all ones.
                int x = p + 46 + nameLen;
                int xEnd = x + extraLen;
                while (x < xEnd) {
                    if (x + 4 > xEnd) {
                        throw reject(MALFORMED_ZIP, "extra field of entry '" + name + "' is damaged");
                    }
                    int id = u16(cd, x);
                    int len = u16(cd, x + 2);
                    if (x + 4 + len > xEnd) {
                        throw reject(MALFORMED_ZIP, "extra field of entry '" + name + "' is damaged");
                    }
                    if (id == 0x0001) {
                        int q = x + 4;
                        int qEnd = q + len;
                        if (size == 0xffffffffL) {
                            size = long64(cd, q, qEnd, name);
                            q += 8;
                        }
                        if (csize == 0xffffffffL) {
                            csize = long64(cd, q, qEnd, name);
                            q += 8;
                        }
                        if (locOffset == 0xffffffffL) {
                            locOffset = long64(cd, q, qEnd, name);
                        }
                    }
                    x += 4 + len;
                }
                if (disk != 0 && disk != 0xffff) {
                    throw reject(MALFORMED_ZIP, "entry '" + name + "' is on another disk");
                }
                if ((flags & 0x0041) != 0) {
                    throw reject(MALFORMED_ZIP, "entry '" + name + "' is encrypted");
                }
                if (method != 0 && method != 8) {
                    throw reject(MALFORMED_ZIP, "entry '" + name + "' uses compression method " + method
                            + " (only STORED and DEFLATED are accepted)");
                }
                if (size < 0 || csize < 0 || locOffset < 0) {
                    throw reject(MALFORMED_ZIP, "entry '" + name + "' has sizes or offset out of range");
                }
                if (method == 0 && csize != size) {
                    throw reject(MALFORMED_ZIP, "stored entry '" + name + "' has compressed size " + csize
                            + " but size " + size);
                }
                out.add(new Entry(i, name, madeBy, flags, method, csize, size, locOffset, external, -1));
                p = next;
            }
            if (p != cdSize) {
                throw reject(MALFORMED_ZIP, "central directory has " + (cdSize - p) + " bytes after its last entry");
            }
            return checkLocalHeaders(out, cdOffset);
        }

        /** Every local header must match its central entry, and entries must not overlap or leave gaps at 0. */
        private List<Entry> checkLocalHeaders(List<Entry> central, long cdOffset) throws IOException {
            List<Entry> out = new ArrayList<>(central.size());
            long nextFree = 0;
            for (Entry e : central) {
                long at = e.localHeaderOffset();
                if (out.isEmpty() && at != 0) {
                    throw reject(MALFORMED_ZIP, "data before the first entry (it starts at offset " + at + ")");
                }
                if (at < nextFree) {
                    throw reject(MALFORMED_ZIP, "entry '" + e.name() + "' overlaps the previous entry or is out of order");
                }
                if (at + 30 > cdOffset) {
                    throw reject(MALFORMED_ZIP, "local header of entry '" + e.name() + "' is outside the data area");
                }
                ByteBuffer loc = read(at, 30);
                if (loc.getInt(0) != LOC_SIG) {
                    throw reject(MALFORMED_ZIP, "local header of entry '" + e.name() + "' is missing");
                }
                int nameLen = u16(loc, 26);
                int extraLen = u16(loc, 28);
                if (u16(loc, 8) != e.method() || (u16(loc, 6) & 0x0041) != 0) {
                    throw reject(MALFORMED_ZIP, "local header of entry '" + e.name() + "' disagrees with the directory");
                }
                long dataOffset = at + 30 + nameLen + extraLen;
                if (dataOffset + e.compressedSize() > cdOffset) {
                    throw reject(MALFORMED_ZIP, "data of entry '" + e.name() + "' runs into the central directory");
                }
                byte[] localName = new byte[nameLen];
                read(at + 30, nameLen).get(0, localName);
                if (!Arrays.equals(localName, e.name().getBytes(StandardCharsets.UTF_8))) {
                    throw reject(MALFORMED_ZIP, "local header of entry '" + e.name() + "' names another file");
                }
                nextFree = dataOffset + e.compressedSize();
                out.add(new Entry(e.index(), e.name(), e.versionMadeBy(), e.flags(), e.method(), e.compressedSize(),
                        e.size(), at, e.externalAttributes(), dataOffset));
            }
            return List.copyOf(out);
        }

        private String decodeName(byte[] bytes, int index) throws PackageRejectedException {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw reject(MALFORMED_ZIP, "name of entry " + index + " is not valid UTF-8");
            }
        }

        private long long64(ByteBuffer b, int q, int end, String name) throws PackageRejectedException {
            if (q + 8 > end) {
                throw reject(MALFORMED_ZIP, "ZIP64 field of entry '" + name + "' is too short");
            }
            return b.getLong(q);
        }

        private ByteBuffer read(long position, int length) throws IOException {
            if (position < 0 || position + length > fileSize) {
                throw reject(MALFORMED_ZIP, "a record points outside the file");
            }
            ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b, position + b.position()) < 0) {
                    throw reject(MALFORMED_ZIP, "file ends early");
                }
            }
            return b.flip();
        }

        private PackageRejectedException reject(PackageRejectedException.Reason reason, String detail) {
            return new PackageRejectedException(file, reason, null, detail);
        }

        private static int u16(ByteBuffer b, int at) {
            return b.getShort(at) & 0xffff;
        }

        private static long u32(ByteBuffer b, int at) {
            return b.getInt(at) & 0xffffffffL;
        }
    }
}
