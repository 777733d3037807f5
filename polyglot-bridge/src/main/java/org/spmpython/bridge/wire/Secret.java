package org.spmpython.bridge.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A hub session's secret. Spokes prove they know it by answering a challenge with
 * HMAC-SHA256(secret, nonce); it travels to them only in an owner-only file, or over the stdin of
 * the channel that starts them (SSH, srun). When the hub speaks TLS, the secret carries the pin of
 * its certificate ({@link Tls}) too: the file's first line is the secret in hex, a second line
 * {@code tls-pin sha256:<hex>}.
 */
public final class Secret {
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HMAC = "HmacSHA256";

    private static final String PIN_LINE = "tls-pin ";

    private final byte[] key;
    /** The hub's TLS certificate's fingerprint, or null when the hub speaks plaintext. */
    private final String tlsPin;

    private Secret(byte[] key, String tlsPin) {
        this.key = key.clone();
        this.tlsPin = tlsPin;
    }

    public static Secret random() {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        return new Secret(key, null);
    }

    /** The same secret, pinning the hub's TLS certificate ({@link Tls#fingerprint()}). */
    public Secret pinning(String fingerprint) {
        return new Secret(key, fingerprint);
    }

    /** The fingerprint a spoke must see in the hub's certificate; null: the hub speaks plaintext. */
    public String tlsPin() {
        return tlsPin;
    }

    /** What a secret file holds (and what goes over a channel's stdin, followed by an empty line). */
    public String text() {
        return HexFormat.of().formatHex(key) + "\n" + (tlsPin == null ? "" : PIN_LINE + tlsPin + "\n");
    }

    /**
     * Reads a secret as {@link #text()} wrote it, from a stream (a spoke's stdin): up to an empty
     * line or the end, so that the stream may stay open after it.
     */
    public static Secret readFrom(java.io.InputStream in, String source) throws IOException {
        StringBuilder text = new StringBuilder();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                if (line.isEmpty()) {
                    break;
                }
                text.append(line).append('\n');
                line.setLength(0);
            } else if (line.length() < 4096) {
                line.append((char) c);
            }
        }
        text.append(line);
        return parse(text.toString(), source);
    }

    /** Reads a secret file; an IOException says what is wrong with it in words (no such file ...). */
    public static Secret read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + ": permission denied", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("secret file " + file + " does not hold a hex secret", e);
        } catch (IOException e) {
            throw new IOException(file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        return parse(text, "secret file " + file);
    }

    private static Secret parse(String text, String source) throws IOException {
        String[] lines = text.strip().split("\\R");
        String pin = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith(PIN_LINE) && Tls.isPin(line.substring(PIN_LINE.length()).strip())) {
                pin = line.substring(PIN_LINE.length()).strip();
            } else if (!line.isEmpty()) {
                throw new IOException(source + ": line " + (i + 1) + " is not 'tls-pin sha256:<64 hex digits>'");
            }
        }
        try {
            byte[] key = HexFormat.of().parseHex(lines[0].strip());
            if (key.length < 16) {
                throw new IOException("the secret in " + source + " is too short");
            }
            return new Secret(key, pin);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + " does not hold a hex secret");
        }
    }

    /** Writes the secret to {@code file}, readable by its owner only (created that way, never widened). */
    public void writeOwnerOnly(Path file) throws IOException {
        Files.createDirectories(file.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.deleteIfExists(file);
        Files.writeString(Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                text(), StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    }

    /** The secret as its file holds it (hex): handed to a persistent cloud's lent spoke. */
    public String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** A secret from {@link #hex()}. */
    public static Secret ofHex(String hex) {
        byte[] key = HexFormat.of().parseHex(hex);
        if (key.length < 16) {
            throw new IllegalArgumentException("a secret of " + key.length + " bytes is too short");
        }
        return new Secret(key, null);
    }

    public static byte[] nonce() {
        byte[] nonce = new byte[BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    public byte[] prove(byte[] nonce) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    public boolean verify(byte[] nonce, byte[] proof) {
        return MessageDigest.isEqual(prove(nonce), proof);
    }
}
