package io.jenkins.plugins.shadowimage.core.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a text is an acceptable base URL of the REST API: {@code https} (or
 * {@code http} for a lab array), a host, an optional port, nothing else.
 *
 * <p>Users paste URLs such as {@code https://admin:secret@array}; the password may hold any character, so no
 * reason given here ever quotes the text it was given. Reasons are built from constants and from parts
 * already proven harmless (a recognised scheme, a validated host name, a port number).
 */
public final class BaseUrl {
    /** A URI scheme as RFC 3986 spells it; anything else before {@code ://} is not a scheme. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*");
    /** A DNS name, an IPv4 address, or a bracketed IPv6 literal: safe to quote back. */
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    private BaseUrl() {
    }

    /**
     * Why {@code url} is not an acceptable base URL, in one line that never contains the URL's user-info, or
     * {@code null} when it is acceptable. Leading and trailing blanks are ignored.
     */
    public static String problem(String url) {
        if (url == null || url.isBlank()) {
            return "no URL given; expected e.g. https://array.example.com";
        }
        String text = url.strip();
        // A base URL never needs an '@': its only use is user-info, which may hold a password.
        if (text.indexOf('@') >= 0) {
            return "the URL must not contain a user or password (no '@'); give the credentials separately";
        }
        int sep = text.indexOf("://");
        if (sep <= 0 || !SCHEME.matcher(text.substring(0, sep)).matches()) {
            return "the URL must start with https:// (or http:// for a lab array)";
        }
        String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "the URL must start with https:// (or http:// for a lab array), not another scheme";
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // The exception's text quotes the input; say only where the URL goes wrong.
            return "the URL is malformed (at character " + (e.getIndex() + 1) + "; spaces and most punctuation "
                    + "are not allowed); expected " + scheme + "://host[:port]";
        }
        if (uri.getRawUserInfo() != null) {
            return "the URL must not contain a user or password; give the credentials separately";
        }
        String host = uri.getHost();
        if (host == null || !SAFE_HOST.matcher(host).matches()) {
            return "the URL has no valid host name; expected " + scheme + "://host[:port]";
        }
        String authority = uri.getRawAuthority();
        if (authority != null && authority.endsWith(":")) {
            return "the URL of host " + host + " has ':' but no port number";
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            return "the port of host " + host + " must be from 1 to 65535";
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            return "the URL of host " + host + " must have no path (the REST paths are added), e.g. " + scheme + "://"
                    + host + (port > 0 ? ":" + port : "");
        }
        if (uri.getRawQuery() != null) {
            return "the URL of host " + host + " must have no query ('?...')";
        }
        if (uri.getRawFragment() != null) {
            return "the URL of host " + host + " must have no fragment ('#...')";
        }
        return null;
    }

    /**
     * {@code url} with its user-info removed: everything between {@code scheme://} and the last {@code @} of
     * the whole text, or, with no scheme, everything up to the last {@code @}. Works whatever characters the
     * password holds (it may contain {@code / ? # @ :}); unchanged when there is no {@code @}.
     */
    public static String withoutUserInfo(String url) {
        if (url == null) {
            return null;
        }
        int lastAt = url.lastIndexOf('@');
        if (lastAt < 0) {
            return url;
        }
        int sep = url.indexOf("://");
        if (sep > 0 && sep < lastAt && SCHEME.matcher(url.substring(0, sep).strip()).matches()) {
            return url.substring(0, sep + 3) + url.substring(lastAt + 1);
        }
        return url.substring(lastAt + 1);
    }

    /** Whether {@code url} uses plain (unencrypted) {@code http}. */
    public static boolean isPlainHttp(String url) {
        return url != null && url.strip().regionMatches(true, 0, "http://", 0, 7);
    }

    /**
     * The base URL as a {@link URI}.
     *
     * @throws IllegalArgumentException with {@link #problem(String)} as its message when not acceptable
     */
    public static URI parse(String url) {
        String problem = problem(url);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return URI.create(url.strip());
    }

    /**
     * Same as {@link #parse(String)} for an already built URI, which may still carry user-info, a path or a
     * query; its text is never quoted.
     */
    static URI check(URI url) {
        if (url == null) {
            throw new IllegalArgumentException(problem(null));
        }
        return parse(url.toString());
    }
}
