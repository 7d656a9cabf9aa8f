package org.caravan.gui.text;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The window's words, from the {@code messages} resource bundle (English shipped), so that a translation
 * is one more properties file. A missing key shows as {@code !key!} rather than breaking a screen.
 */
public final class Texts {

    private static final String BUNDLE = "org.caravan.gui.text.messages";

    private Texts() {
    }

    /** The text for {@code key}, with {@code {0}}, {@code {1}}... replaced by {@code args}. */
    public static String get(String key, Object... args) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, Locale.getDefault()).getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.getDefault()).format(args);
    }
}
