/**
 * The only Caravan classes a plugin sees: its extension points. Kept free of every other Caravan, Bouncy
 * Castle or libtorrent type so that it can become a separate {@code plugin-api} artifact without change.
 */
package org.caravan.core.plugin.api;
