package org.kith.hub.evaluation;

import java.util.Locale;

/** Escaping and number formats shared by the HTML page and its SVG charts. */
final class Markup {

    private Markup() {
    }

    /**
     * Text or attribute value for HTML and inline SVG: the five XML specials escaped, and control
     * characters (which XML forbids) replaced. Every label passes through here: they come from
     * partners.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? '\uFFFD' : ch);
            }
        }
        return out.toString();
    }

    /** At most {@code max} characters, with an ellipsis when cut (for chart labels; tables show all). */
    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Minutes as hours, or as days from 48 hours on: readable at a meeting. */
    static String duration(long minutes) {
        if (minutes >= 48 * 60) {
            return String.format(Locale.ROOT, "%.1f days", minutes / 1440.0);
        }
        return String.format(Locale.ROOT, "%.1f h", minutes / 60.0);
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
