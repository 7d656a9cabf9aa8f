package org.caravan.core.licence;

import org.caravan.keyring.key.Fingerprint;

/** A device token this home (the licensee) gave: for which app, which device, which slot. */
public record IssuedToken(String appId, Fingerprint device, int slot, String text) {}
