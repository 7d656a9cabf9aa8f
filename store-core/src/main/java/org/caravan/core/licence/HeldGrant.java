package org.caravan.core.licence;

import java.nio.file.Path;

/** A licence or device token kept in a home, with where it is and a one-line summary. */
public record HeldGrant(Grant grant, Path file, String summary) {}
