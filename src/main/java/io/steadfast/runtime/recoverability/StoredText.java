package io.steadfast.runtime.recoverability;

/**
 * Text from outside (exception messages quoting a body, ids, properties) made fit for a PostgreSQL text column,
 * which holds neither NUL characters nor half of a surrogate pair (a Java string can; its UTF-8 bytes are then
 * invalid and the statement recording the failure would fail in turn).
 */
public final class StoredText {

    private StoredText() {
    }

    /** The text with NUL written as {@code \u0000} and unpaired surrogates as U+FFFD, cut to {@code max} characters. */
    public static String of(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = isStorable(text) ? text : clean(text);
        if (clean.length() <= max) {
            return clean;
        }
        // Never cut a pair in two.
        int end = Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max;
        return clean.substring(0, end);
    }

    /** Whether the text can be stored as it is: no NUL, every surrogate in a pair. */
    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                out.append("\\u0000");
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
