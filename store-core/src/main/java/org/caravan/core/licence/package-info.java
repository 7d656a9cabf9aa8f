/**
 * Gated content on the client side: the home's own OpenPGP identity, licences issued to it by developers,
 * device tokens a licensee gives its other homes, and the entitlement check that turns a licence into the
 * app key of a licensed package (docs/protocol.md section 9c). The ciphertext travels and is seeded like any
 * package; only the key is gated.
 */
package org.caravan.core.licence;
