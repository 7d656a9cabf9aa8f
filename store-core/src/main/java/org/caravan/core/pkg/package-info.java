/**
 * The Caravan package file ({@code .car}): its manifest, building one deterministically, reading
 * its manifest, and extracting it without trusting it. The format is specified in
 * {@code docs/package-format.md}.
 */
package org.caravan.core.pkg;
