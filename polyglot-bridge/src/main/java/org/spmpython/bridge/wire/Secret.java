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
 * HMAC-SHA256(secret, nonce); it travels to them only in an owner-only file.
 */
public final class Secret {
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;

    private Secret(byte[] key) {
        this.key = key.clone();
    }

    public static Secret random() {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        return new Secret(key);
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
        try {
            byte[] key = HexFormat.of().parseHex(text);
            if (key.length < 16) {
                throw new IOException("secret in " + file + " is too short");
            }
            return new Secret(key);
        } catch (IllegalArgumentException e) {
            throw new IOException("secret file " + file + " does not hold a hex secret");
        }
    }

    /** Writes the secret to {@code file}, readable by its owner only (created that way, never widened). */
    public void writeOwnerOnly(Path file) throws IOException {
        Files.createDirectories(file.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.deleteIfExists(file);
        Files.writeString(Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
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
        return new Secret(key);
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
