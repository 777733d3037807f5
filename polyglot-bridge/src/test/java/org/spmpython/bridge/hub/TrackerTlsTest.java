package org.spmpython.bridge.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spmpython.bridge.spoke.SpokeClient;
import org.spmpython.bridge.spoke.TaskMailbox;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.MessageCodec;
import org.spmpython.bridge.wire.ProtocolException;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.bridge.wire.Tls;

/**
 * The tracker over TLS (docs/CLUSTER.md), one hub for the class: a spoke pinning the session's
 * certificate joins; one pinning another is refused by the spoke in words; plaintext at the port
 * is refused by the hub with one logged line; the HMAC still proves the spoke.
 */
class TrackerTlsTest {
    private static final Duration LOST_AFTER = Duration.ofMillis(3000);
    private static final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private static final HubEvents events = new HubEvents();
    private static Tls tls;
    private static Secret secret;
    private static Tracker tracker;

    @BeforeAll
    static void start() throws InterruptedException {
        events.subscribe(new HubLog(new PrintStream(logged, true, StandardCharsets.UTF_8), true));
        tls = Tls.selfSigned();
        secret = Secret.random().pinning(tls.fingerprint());
        tracker = Tracker.start(secret, new Tracker.Config("127.0.0.1", 0, LOST_AFTER, tls), events);
    }

    @AfterAll
    static void stop() {
        tracker.close();
    }

    private static SpokeClient join(Secret with) throws InterruptedException {
        return SpokeClient.join(new HostPort("127.0.0.1", tracker.address().getPort()), with,
                new SpokeClient.Identity("tls", 0, 4242), LOST_AFTER, new LinkedBlockingQueue<>(), new TaskMailbox(),
                why -> { });
    }

    private static String log() {
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSpokePinningTheSessionsCertificateJoinsAndIsServed() throws Exception {
        try (SpokeClient s = join(secret)) {
            assertTrue(s.spokeId() > 0);
        }
    }

    @Test
    void eachSessionMakesItsOwnCertificate() {
        assertNotEquals(tls.fingerprint(), Tls.selfSigned().fingerprint());
        assertTrue(tls.fingerprint().matches("sha256:[0-9a-f]{64}"), tls.fingerprint());
    }

    @Test
    void aSpokePinningAnotherCertificateRefusesTheHubInWords() {
        Secret other = secret.pinning(Tls.selfSigned().fingerprint());
        ProtocolException e = assertThrows(ProtocolException.class, () -> join(other));
        assertTrue(e.getMessage().contains("refusing the hub at 127.0.0.1:" + tracker.address().getPort()), e.getMessage());
        assertTrue(e.getMessage().contains("fingerprint " + tls.fingerprint()), e.getMessage());
        assertTrue(e.getMessage().contains("pins " + other.tlsPin()), e.getMessage());
    }

    @Test
    void theHmacStillProvesTheSpokeOverTls() throws Exception {
        Secret wrong = Secret.random().pinning(tls.fingerprint());
        assertThrows(ProtocolException.class, () -> join(wrong));
        awaitLogged("wrong secret");
    }

    @Test
    void plaintextAtTheTlsPortIsRefusedWithOneLoggedLine() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            byte[] hello = MessageCodec.encode(new Message.Hello(3, new byte[32], "plain", 0, 1));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(hello.length);
            out.write(hello);
            out.flush();
            socket.setSoTimeout(5000);
            socket.getInputStream().readAllBytes(); // a TLS alert at most, then the end: the hub closed it
        }
        awaitLogged("it sent plaintext");
        long lines = log().lines().filter(l -> l.contains("it sent plaintext")).count();
        assertEquals(1, lines, log());
        try (SpokeClient s = join(secret)) {
            assertTrue(s.spokeId() > 0, "the hub goes on");
        }
    }

    @Test
    void aSilentPlaintextPeerIsNamedAsSuchWhenTheTlsHandshakeTimesOut() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            socket.setSoTimeout(15000);
            // A plaintext spoke waits for the hub's challenge, which a TLS hub sends only after the handshake.
            socket.getInputStream().readAllBytes(); // a TLS alert at most, then the end: the hub closed it
        }
        awaitLogged("no TLS handshake within");
        assertTrue(log().lines().anyMatch(l -> l.contains("no TLS handshake within 5000 ms: a plaintext spoke")), log());
    }

    @Test
    void theSecretTextCarriesThePinAndReadsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s/secret");
        secret.writeOwnerOnly(file);
        assertTrue(Files.readString(file).contains("tls-pin " + tls.fingerprint()));
        assertEquals(tls.fingerprint(), Secret.read(file).tlsPin());
        // Over a channel's stdin: up to the empty line; what follows stays unread.
        ByteArrayInputStream in = new ByteArrayInputStream((secret.text() + "\nmore").getBytes(StandardCharsets.US_ASCII));
        Secret sent = Secret.readFrom(in, "stdin");
        assertEquals(tls.fingerprint(), sent.tlsPin());
        byte[] nonce = Secret.nonce();
        assertTrue(secret.verify(nonce, sent.prove(nonce)));
        assertEquals('m', in.read());
        Files.writeString(file, Files.readString(file) + "tls-pin nonsense\n");
        IOException bad = assertThrows(IOException.class, () -> Secret.read(file));
        assertTrue(bad.getMessage().contains("line 3"), bad.getMessage());
    }

    private static void awaitLogged(String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log().contains(what)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not logged: " + what + "\n" + log());
            }
            Thread.sleep(20);
        }
    }
}
