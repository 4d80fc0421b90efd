package io.captchafleet.common.redact;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes the credentials from a proxy written as one string, in every form the solver providers
 * document, and keeps the scheme, host and port:
 *
 * <ul>
 *   <li>{@code user:pass@host:port} (2captcha's {@code proxy}) and {@code scheme://user:pass@host:port}
 *       (CapSolver) become {@code [redacted]@host:port} and {@code scheme://[redacted]@host:port};</li>
 *   <li>{@code host:port:user:pass} and {@code scheme:host:port:user:pass} (CapSolver, CapMonster) become
 *       {@code host:port:[redacted]} and {@code scheme:host:port:[redacted]};</li>
 *   <li>two forms some proxy sellers write, {@code host:port@user:pass} and {@code user:pass:host:port},
 *       become {@code host:port@[redacted]} and {@code [redacted]:host:port}.</li>
 * </ul>
 *
 * A string with two or more colons that fits none of them is replaced whole: a password may hide in
 * it. Where a string fits two forms (a password of at most five digits makes {@code user:12345} look like
 * a host and port), the documented form wins. {@code host} and {@code host:port}, with or without a
 * scheme, come back as the same instance.
 * Stateless and thread-safe.
 */
final class ProxyAddress {
    /** Proxy types written before the first colon without {@code //} ({@code socks5:host:port:user:pass}). */
    private static final List<String> TYPES = List.of("http", "https", "socks4", "socks4a", "socks5", "socks5h");
    /** A host name, an IPv4 address or a bracketed IPv6 address, an optional port, and an optional path. */
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:\\d{1,5})?(/.*)?");

    private ProxyAddress() {
    }

    /** {@code proxy} without its credentials; the same instance when it has none. */
    static String redact(String proxy) {
        int start = schemeEnd(proxy);
        if (proxy.indexOf('@', start) < 0 && colons(proxy, start) <= 1) {
            return proxy; // host or host:port: the cheap test that clears most proxies
        }
        String scheme = proxy.substring(0, start);
        String rest = proxy.substring(start);
        int port = hostPortEnd(rest);
        if (port == rest.length()) {
            return proxy; // a bracketed IPv6 host and a port
        }
        if (port > 0) {
            return scheme + rest.substring(0, port) + ":" + Redactor.REDACTED; // host:port:user:pass
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            return userInfo(scheme, rest, at);
        }
        int last = rest.lastIndexOf(':');
        int beforeLast = rest.lastIndexOf(':', last - 1);
        if (beforeLast > 0 && rest.lastIndexOf(':', beforeLast - 1) > 0 && isPort(rest, last + 1, rest.length())) {
            return scheme + Redactor.REDACTED + rest.substring(beforeLast); // user:pass:host:port
        }
        return scheme + Redactor.REDACTED;
    }

    /** {@code user:pass@host:port}, or the reversed {@code host:port@user:pass}; the password may hold '@'. */
    private static String userInfo(String scheme, String rest, int at) {
        String before = rest.substring(0, at);
        String after = rest.substring(at + 1);
        if (!HOST_PORT.matcher(after).matches() && HOST_PORT.matcher(before).matches()) {
            return scheme + before + "@" + Redactor.REDACTED;
        }
        return scheme + Redactor.REDACTED + "@" + after;
    }

    /** Where the scheme ends: after {@code scheme://}, after a known type and ':', else 0. */
    private static int schemeEnd(String proxy) {
        int colon = proxy.indexOf(':');
        if (colon <= 0) {
            return 0;
        }
        if (proxy.startsWith("//", colon + 1)) {
            return isSchemeName(proxy, colon) ? colon + 3 : 0;
        }
        for (String type : TYPES) {
            if (type.length() == colon && proxy.regionMatches(true, 0, type, 0, colon)) {
                return colon + 1;
            }
        }
        return 0;
    }

    /** RFC 3986: a letter, then letters, digits, '+', '-' and '.'. */
    private static boolean isSchemeName(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The end of a leading {@code host:port} (host without '@', port all digits) when a ':' or the end
     * follows it, else -1.
     */
    private static int hostPortEnd(String rest) {
        int hostEnd = rest.startsWith("[") ? rest.indexOf(']') + 1 : rest.indexOf(':');
        if (hostEnd <= 0 || hostEnd >= rest.length() || rest.charAt(hostEnd) != ':' || rest.lastIndexOf('@', hostEnd) >= 0) {
            return -1;
        }
        int portEnd = rest.indexOf(':', hostEnd + 1);
        int end = portEnd < 0 ? rest.length() : portEnd;
        return isPort(rest, hostEnd + 1, end) ? end : -1;
    }

    private static boolean isPort(String s, int from, int to) {
        if (to - from < 1 || to - from > 5) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int colons(String s, int from) {
        int n = 0;
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == ':') {
                n++;
            }
        }
        return n;
    }
}
