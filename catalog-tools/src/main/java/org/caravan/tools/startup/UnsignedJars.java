package org.caravan.tools.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the signed jars of the launcher's {@code lib} folder without their signatures: {@code caravan ...}
 * starts a JVM per command, and a signed jar costs at every start (the JVM parses Bouncy Castle's 0.8 MB manifest
 * and signature file and checks every class it loads against them), and class-data sharing leaves a signed jar's
 * classes out of its archive, so they are loaded and verified again each time. The signatures vouch for Maven
 * Central's copy, which the build checked when it downloaded it; nothing at run time needs them (OpenJDK does not
 * ask a security provider to be signed). Usage: {@code UnsignedJars LIB_DIR}; a jar without a signature is left
 * alone, so running it again changes nothing.
 */
public final class UnsignedJars {
    private UnsignedJars() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: UnsignedJars LIB_DIR");
            System.exit(2);
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                unsign(jar);
            }
        }
    }

    /** Rewrites {@code jar} without signature files and with only the main section of its manifest, if signed. */
    static boolean unsign(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipFile in = new ZipFile(jar.toFile())) {
            if (in.stream().noneMatch(e -> isSignature(e.getName()))) {
                return false;
            }
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(file)) {
                for (ZipEntry e : java.util.Collections.list(in.entries())) {
                    if (isSignature(e.getName())) {
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                        // The per-entry digests only served the signature.
                        Manifest m;
                        try (InputStream s = in.getInputStream(e)) {
                            m = new Manifest(s);
                        }
                        Manifest main = new Manifest();
                        main.getMainAttributes().putAll(m.getMainAttributes());
                        main.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
                        main.write(out);
                    } else {
                        try (InputStream s = in.getInputStream(e)) {
                            s.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static boolean isSignature(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.startsWith("META-INF/") && n.indexOf('/', "META-INF/".length()) < 0
                && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC"));
    }
}
