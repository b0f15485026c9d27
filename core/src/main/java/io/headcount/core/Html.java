package io.headcount.core;

/** Text for the project's generated HTML reports (the eval and replay comparison charts). */
public final class Html {

    private Html() {}

    /** {@code text} safe in element content and in double-quoted attribute values. */
    public static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
