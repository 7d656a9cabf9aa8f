package org.caravan.core.pkg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code .car} file was refused: it is not a well-formed package, or it is hostile, or it is not
 * the package that was expected. Carries a machine-readable {@link Reason}, the package file and,
 * where one entry is at fault, that entry's name.
 */
public final class PackageRejectedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a package was refused. */
    public enum Reason {
        /** The file is not a ZIP archive at all. */
        NOT_A_ZIP,
        /** A ZIP, but its structure is broken, inconsistent or uses features Caravan does not accept. */
        MALFORMED_ZIP,
        /** No {@code caravan-manifest.json} entry. */
        MANIFEST_MISSING,
        /** {@code caravan-manifest.json} exists but is not the first entry. */
        MANIFEST_NOT_FIRST,
        /** The manifest is not valid JSON or a field is missing or invalid (the message names it). */
        MANIFEST_MALFORMED,
        /** The manifest's formatVersion is not one this code reads. */
        UNSUPPORTED_FORMAT_VERSION,
        /** Absolute path, {@code ..} segment or otherwise unsafe entry name (zip-slip). */
        UNSAFE_PATH,
        /** An entry outside {@code files/} (other than the manifest). */
        OUTSIDE_FILES,
        /** A symbolic link entry. */
        LINK_ENTRY,
        /** A directory, device, FIFO or socket entry where only regular files may be. */
        NOT_A_REGULAR_FILE,
        /** Two entries with the same name. */
        DUPLICATE_ENTRY,
        /** An entry the manifest does not list. */
        UNLISTED_ENTRY,
        /** A file the manifest lists is not in the archive. */
        MISSING_FILE,
        /** An entry's size differs from the manifest. */
        SIZE_MISMATCH,
        /** An entry's SHA-256 differs from the manifest. */
        HASH_MISMATCH,
        /** Over the caller's byte limit (zip bomb or simply too big). */
        TOO_LARGE,
        /** The manifest names another id, version or type than the one expected. */
        WRONG_PACKAGE,
        /**
         * A licensed package whose sealed payload or content key does not open, or a private store's sealed package
         * that does not open with the key its catalog gives: changed, cut, or another key.
         */
        SEAL_BROKEN
    }

    private final transient Path file;
    private final Reason reason;
    private final String entry;

    public PackageRejectedException(Path file, Reason reason, String entry, String detail) {
        super("package " + file + " refused (" + reason + ")"
                + (entry == null ? "" : ", entry " + PackagePaths.quote(entry)) + ": " + detail);
        this.file = file;
        this.reason = reason;
        this.entry = entry;
    }

    public PackageRejectedException(Path file, Reason reason, String entry, String detail, Throwable cause) {
        this(file, reason, entry, detail);
        initCause(cause);
    }

    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }

    /** The archive entry at fault, when the refusal is about one entry. */
    public Optional<String> entry() {
        return Optional.ofNullable(entry);
    }
}
