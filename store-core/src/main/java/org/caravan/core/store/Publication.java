package org.caravan.core.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The generation a publish produced, or the current one when nothing changed, and the delta from the
 * generation before it (none for generation 1).
 */
public record Publication(long generation, Path file, Optional<Path> delta, boolean created) {}
