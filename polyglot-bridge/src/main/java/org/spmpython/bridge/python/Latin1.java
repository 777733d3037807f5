package org.spmpython.bridge.python;

import java.nio.charset.StandardCharsets;

/**
 * Bytes across the polyglot boundary as Latin-1 text: every byte is one char and back, so Python
 * turns it into {@code bytes} with {@code .encode('latin-1')}, without signed-byte surprises.
 */
public final class Latin1 {
    private Latin1() {
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
