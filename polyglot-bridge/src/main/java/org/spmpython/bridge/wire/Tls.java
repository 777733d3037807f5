package org.spmpython.bridge.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;

/**
 * The tracker's TLS (DESIGN §10, docs/CLUSTER.md): the hub's side is a certificate given in files
 * ({@code --tls-cert}/{@code --tls-key}) or one made for the session ({@link #selfSigned()}); either
 * way its SHA-256 fingerprint travels in the secret file, and a spoke trusts a hub only if the
 * certificate it presents has that fingerprint (a pin, not a CA: no spoke trusts a hub it was not
 * told of). The HMAC challenge still proves the spoke. Netty's SslHandler on the JDK's provider.
 */
public final class Tls {
    /** The pipeline stage, first of every TLS connection. */
    public static final String STAGE = "tls";
    private static final String PIN_PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long the hub waits for a peer's TLS handshake. */
    static final long HANDSHAKE_MILLIS = 5000;

    private final SslContext server;
    private final String fingerprint;

    private Tls(SslContext server, String fingerprint) {
        this.server = server;
        this.fingerprint = fingerprint;
    }

    /** The pin of the hub's certificate: {@code sha256:<hex>}. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Puts the hub's TLS first in an accepted connection's pipeline. */
    public void addServer(ChannelPipeline pipeline, ByteBufAllocator alloc) {
        SslHandler handler = server.newHandler(alloc);
        // Before the challenge's own timeout (10 s), so that a silent plaintext spoke is named as such.
        handler.setHandshakeTimeoutMillis(HANDSHAKE_MILLIS);
        pipeline.addFirst(STAGE, handler);
    }

    /**
     * A certificate and key made for this session: an EC P-256 key and a self-signed X.509 v3
     * certificate (the JDK has no public API to make one, and a pin needs no CA, so it is
     * written here in DER: a few dozen bytes of structure around what the JDK signs).
     */
    public static Tls selfSigned() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X509Certificate cert = SelfSigned.certificate(keys, "spm-python hub");
            return of(keys.getPrivate(), cert);
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalStateException("cannot make the session's TLS certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The hub's certificate (chain, PEM; the first is the hub's) and private key (PEM, PKCS#8,
     * unencrypted) from files.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static Tls fromFiles(Path certFile, Path keyFile) {
        X509Certificate first;
        try (InputStream in = Files.newInputStream(certFile)) {
            Collection<? extends java.security.cert.Certificate> chain =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert " + certFile + " holds no certificate");
            }
            first = (X509Certificate) chain.iterator().next();
        } catch (IOException e) {
            throw new IllegalArgumentException("--tls-cert " + certFile + ": " + readable(e));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("--tls-cert " + certFile + " does not hold a PEM certificate: " + e.getMessage());
        }
        if (!Files.isReadable(keyFile)) {
            throw new IllegalArgumentException("--tls-key " + keyFile + ": " + (Files.exists(keyFile) ? "permission denied"
                    : "no such file"));
        }
        try {
            SslContext context = SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                    .sslProvider(SslProvider.JDK).build();
            return new Tls(context, fingerprintOf(first));
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-key " + keyFile + " is not the unencrypted PEM (PKCS#8) key of "
                    + certFile + ": " + rootMessage(e));
        }
    }

    private static Tls of(PrivateKey key, X509Certificate cert) throws SSLException {
        SslContext context = SslContextBuilder.forServer(key, cert).sslProvider(SslProvider.JDK).build();
        return new Tls(context, fingerprintOf(cert));
    }

    /** {@code sha256:<hex>} of a certificate's DER. */
    public static String fingerprintOf(X509Certificate cert) {
        try {
            return PIN_PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** True if {@code text} reads as a pin (so that a secret file's line can be checked). */
    static boolean isPin(String text) {
        return text.startsWith(PIN_PREFIX) && text.length() == PIN_PREFIX.length() + 64
                && text.substring(PIN_PREFIX.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /**
     * Puts a spoke's TLS first in its connection to {@code hub}: it trusts only a certificate
     * whose fingerprint is {@code pin}, and says so in words when the hub shows another.
     */
    public static void addClient(ChannelPipeline pipeline, ByteBufAllocator alloc, String pin, HostPort hub) {
        try {
            SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(new Pinned(pin, hub)).build();
            pipeline.addFirst(STAGE, context.newHandler(alloc, hub.host(), hub.port()));
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * What a hub says when a connection fails in TLS, in words; null when the failure is not TLS's.
     * Plaintext at the TLS port is the usual one (a spoke whose secret file has no pin).
     */
    public static String serverTrouble(Throwable cause) {
        if (cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException) {
            return "it sent plaintext to this hub's TLS port (a spoke needs the secret file of this session, which pins"
                    + " the hub's certificate)";
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            // The hub speaks first in plaintext, so a plaintext spoke here waits, silent, for its challenge.
            return "no TLS handshake within " + ((SslHandshakeTimeoutException) cause).getMessage().replaceAll("\\D+", "")
                    + " ms: a plaintext spoke (its secret file has no tls-pin line), or a peer that said nothing";
        }
        if (cause instanceof java.nio.channels.ClosedChannelException) {
            // A plaintext spoke, silent while it waits for the challenge, gave up first.
            return "it closed the connection without a TLS handshake: a plaintext spoke (its secret file has no"
                    + " tls-pin line), or a peer that said nothing";
        }
        if (cause instanceof javax.net.ssl.SSLException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + rootMessage(cause);
        }
        return null;
    }

    /** A spoke's TLS trouble, in words (the pin's refusal is one); null when it is not TLS's. */
    public static String clientTrouble(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PinMismatch) {
                return t.getMessage();
            }
        }
        if (cause instanceof javax.net.ssl.SSLException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            return "TLS with the hub failed: " + rootMessage(cause)
                    + " (does the hub speak TLS? its secret file pins a certificate when it does)";
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String readable(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The refusal of a hub whose certificate is not the pinned one. */
    static final class PinMismatch extends CertificateException {
        PinMismatch(String message) {
            super(message);
        }
    }

    /** Trusts one certificate, by fingerprint; no CA, no host name (the pin names the hub). */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final String pin;
        private final HostPort hub;

        Pinned(String pin, HostPort hub) {
            this.pin = pin;
            this.hub = hub;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new PinMismatch("refusing the hub at " + hub + ": it showed no TLS certificate");
            }
            String seen = fingerprintOf(chain[0]);
            if (!MessageDigest.isEqual(seen.getBytes(StandardCharsets.US_ASCII), pin.getBytes(StandardCharsets.US_ASCII))) {
                throw new PinMismatch("refusing the hub at " + hub + ": its TLS certificate has fingerprint " + seen
                        + ", but the secret file pins " + pin + " (another hub, or something in between)");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a spoke takes no client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A self-signed X.509 v3 certificate, DER by hand (RFC 5280 §4.1), signed by the JDK. */
    private static final class SelfSigned {
        private static final byte[] ECDSA_SHA256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
        private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
        private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

        static X509Certificate certificate(KeyPair keys, String commonName) throws GeneralSecurityException {
            byte[] algorithm = tlv(0x30, ECDSA_SHA256);
            byte[] name = tlv(0x30, tlv(0x31, tlv(0x30, COMMON_NAME, tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            byte[] validity = tlv(0x30, time(now.minusDays(1)), time(now.plusYears(10)));
            byte[] serial = new byte[16];
            RANDOM.nextBytes(serial);
            serial[0] &= 0x7f; // positive
            serial[0] |= 0x40; // and no leading zero byte
            byte[] tbs = tlv(0x30,
                    tlv(0xa0, tlv(0x02, new byte[] {2})), // v3
                    tlv(0x02, serial),
                    algorithm,
                    name,
                    validity,
                    name,
                    keys.getPublic().getEncoded()); // SubjectPublicKeyInfo, as the JDK encodes it
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign(); // DER already
            byte[] bits = new byte[signature.length + 1]; // a BIT STRING: no unused bits
            System.arraycopy(signature, 0, bits, 1, signature.length);
            byte[] der = tlv(0x30, tbs, algorithm, tlv(0x03, bits));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        }

        private static byte[] time(ZonedDateTime t) {
            return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
        }

        private static byte[] tlv(int tag, byte[]... parts) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                body.writeBytes(p);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = body.size();
            if (n < 0x80) {
                out.write(n);
            } else {
                byte[] length = BigInteger.valueOf(n).toByteArray();
                int skip = length[0] == 0 ? 1 : 0;
                out.write(0x80 | (length.length - skip));
                out.write(length, skip, length.length - skip);
            }
            out.writeBytes(body.toByteArray());
            return out.toByteArray();
        }
    }
}
