package io.jenkins.plugins.shadowimage.core.client;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of one URL path segment or query value, so that a name can never change which object a
 * request addresses: {@code /}, {@code ?}, {@code #}, {@code %}, {@code &}, {@code =}, spaces and non-ASCII
 * are encoded. Unreserved characters and {@code , : @} (the separators of object ids and legal in a path)
 * stay as they are, so ordinary ids read as the API documents them.
 */
final class PathSegment {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegment() {
    }

    static String encode(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ',' || c == ':' || c == '@') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /** An object id (its {@code toString()}) as one segment. */
    static String of(Object id) {
        return encode(String.valueOf(id));
    }
}
