package org.caravan.core.store;

import java.nio.file.Path;

/** The generation a publish produced, or the current one when nothing changed. */
public record Publication(long generation, Path file, boolean created) {}
