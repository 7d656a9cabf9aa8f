package org.caravan.keyring.trust;

/** Packages the trust tests ask about. */
final class Subjects {
    static final Subject EDITOR = new Subject("org.example.editor", "tools", "app");
    static final Subject HELLO = new Subject("org.example.hello", "tools", "app");
    static final Subject CHESS = new Subject("org.example.chess", "games", "app");

    private Subjects() {}
}
