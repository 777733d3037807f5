package org.spmpython.bridge.hub.view;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Who may read the view (DESIGN §10, §14). Bound to loopback, anyone on this machine may, but
 * only under a loopback name (a page of another site that renames itself to 127.0.0.1 by DNS
 * must not read it: the Host header is checked). Bound anywhere else, a request must carry the
 * token printed at start in the URL ({@code ?token=...}).
 *
 * @param token the token a request must carry, or null on loopback
 */
record Access(String token) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

    /** Loopback needs no token; anywhere else gets a fresh random one. */
    static Access forHost(String host) {
        return isLoopback(host) ? new Access(null) : new Access(newToken());
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    boolean tokenRequired() {
        return token != null;
    }

    /** Why a request may not read the view, or null when it may. */
    String refusal(String hostHeader, String givenToken) {
        if (token != null) {
            if (givenToken == null) {
                return "this dashboard needs the token printed at start: open the URL spm-python printed (…/?token=…)";
            }
            boolean same = MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    givenToken.getBytes(StandardCharsets.UTF_8));
            return same ? null : "wrong token: open the URL spm-python printed at start";
        }
        String host = hostHeader == null ? "" : hostHeader.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        String name = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
        if (name.isEmpty() || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || LOOPBACK_NAMES.contains(name)) {
            return null;
        }
        return "this dashboard serves loopback names only (Host: " + hostHeader + ")";
    }
}
