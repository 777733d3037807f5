package org.spmpython.bridge.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spmpython.bridge.hub.run.RunEvent;
import org.spmpython.bridge.hub.run.Spokes;
import org.spmpython.bridge.spoke.SpokeClient;
import org.spmpython.bridge.spoke.TaskMailbox;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.MessageCodec;
import org.spmpython.bridge.wire.Protocol;
import org.spmpython.bridge.wire.ProtocolException;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.bridge.wire.TaskStatus;

/**
 * The tracker against real sockets: joining, heartbeats, loss, evaluation round trips, and every
 * kind of bad peer (wrong secret, garbage, oversized or truncated frames, wrong version), each of
 * which must close only its own connection.
 */
class TrackerTest {
    private static final Duration LOST_AFTER = Duration.ofMillis(1500);

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Secret secret = Secret.random();
    private final HubEvents events = new HubEvents();
    private Tracker tracker;

    @BeforeEach
    void start() throws InterruptedException {
        events.subscribe(new HubLog(new PrintStream(logged, true, StandardCharsets.UTF_8), true));
        tracker = Tracker.start(secret, new Tracker.Config("127.0.0.1", 0, LOST_AFTER), events);
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    /** A spoke that answers every evaluation with its source's length. */
    private SpokeClient spoke(String server, Secret with) throws InterruptedException {
        BlockingQueue<Message> work = new LinkedBlockingQueue<>();
        SpokeClient[] self = new SpokeClient[1];
        self[0] = SpokeClient.join(new HostPort("127.0.0.1", tracker.address().getPort()), with,
                new SpokeClient.Identity(server, 0, 4242), LOST_AFTER, work, new TaskMailbox(), why -> { });
        Thread worker = new Thread(() -> {
            try {
                while (true) {
                    Message.Evaluate e = (Message.Evaluate) work.take();
                    self[0].send(new Message.Evaluated(e.requestId(), true,
                            Integer.toString(e.source().length()).getBytes(StandardCharsets.UTF_8), ""));
                }
            } catch (InterruptedException done) {
                // test over
            }
        });
        worker.setDaemon(true);
        worker.start();
        return self[0];
    }

    private static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<SpokeView> inState(SpokeState state) {
        return tracker.snapshot().stream().filter(v -> v.state() == state).toList();
    }

    /** Proves the hub still serves: a fresh spoke joins and answers an evaluation. */
    private void hubStillServes() throws Exception {
        try (SpokeClient s = spoke("after", secret)) {
            Message.Evaluated r = tracker.evaluate(s.spokeId(), "12345").get(5, TimeUnit.SECONDS);
            assertArrayEquals("5".getBytes(StandardCharsets.UTF_8), r.value());
        }
    }

    @Test
    void spokesJoinAndEvaluateRoundTrips() throws Exception {
        try (SpokeClient a = spoke("alpha", secret); SpokeClient b = spoke("beta", secret)) {
            assertEquals(2, inState(SpokeState.IDLE).size(), tracker.snapshot().toString());
            for (int i = 0; i < 100; i++) {
                Message.Evaluated r = tracker.evaluate(i % 2 == 0 ? a.spokeId() : b.spokeId(), "x".repeat(i))
                        .get(5, TimeUnit.SECONDS);
                assertTrue(r.ok());
                assertEquals(Integer.toString(i), new String(r.value(), StandardCharsets.UTF_8));
            }
            assertEquals(List.of("alpha", "beta"), tracker.snapshot().stream().map(SpokeView::serverName).toList());
        }
    }

    @Test
    void closedConnectionIsLostAtOnceAndItsWorkFails() throws Exception {
        SpokeClient s = spoke("alpha", secret);
        int id = s.spokeId();
        s.close();
        await(() -> inState(SpokeState.LOST).size() == 1, Duration.ofSeconds(2), "spoke lost");
        var future = tracker.evaluate(id, "1");
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> future.get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SpokeLostException, e.toString());
    }

    @Test
    void silentSpokeIsLostWithinTheBound() throws Exception {
        // A peer that authenticates by hand and then never heartbeats.
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            Message.Challenge challenge = (Message.Challenge) read(socket.getInputStream());
            write(socket, new Message.Hello(Protocol.VERSION, secret.prove(challenge.nonce()), "mute", 0, 1));
            assertEquals(Message.Type.WELCOME, read(socket.getInputStream()).type());
            long joined = System.nanoTime();
            await(() -> inState(SpokeState.LOST).size() == 1, LOST_AFTER.multipliedBy(3), "silent spoke lost");
            double took = (System.nanoTime() - joined) / 1e9;
            assertTrue(took >= LOST_AFTER.toMillis() / 1000.0 * 0.9, "lost too early: " + took);
        }
        // The state changes before the event is published: the line comes a moment later.
        await(() -> logged.toString().contains("no heartbeat"), Duration.ofSeconds(2), "logged: " + logged);
        hubStillServes();
    }

    @Test
    void wrongSecretIsRefusedAndLogged() throws Exception {
        assertThrows(ProtocolException.class, () -> spoke("intruder", Secret.random()));
        await(() -> logged.toString().contains("wrong secret"), Duration.ofSeconds(2), "logged");
        assertTrue(tracker.snapshot().isEmpty(), tracker.snapshot().toString());
        hubStillServes();
    }

    @Test
    void randomBytesCloseOnlyThatConnection() throws Exception {
        try (SpokeClient bystander = spoke("bystander", secret); Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            byte[] junk = new byte[4096];
            new Random(7).nextBytes(junk);
            junk[0] = 0; // a plausible small length prefix, then garbage
            junk[1] = 0;
            socket.getOutputStream().write(junk);
            assertClosedByHub(socket);
            Message.Evaluated r = tracker.evaluate(bystander.spokeId(), "abc").get(5, TimeUnit.SECONDS);
            assertTrue(r.ok());
        }
        hubStillServes();
    }

    @Test
    void twoGibLengthPrefixIsRefusedWithoutAllocating() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            new DataOutputStream(socket.getOutputStream()).writeInt(Integer.MAX_VALUE);
            assertClosedByHub(socket);
        }
        assertTrue(logged.toString().contains("closed connection"), logged.toString());
        hubStillServes();
    }

    @Test
    void oversizedFieldInsideAFrameIsRefused() throws Exception {
        // A valid frame whose binary field claims 2 GiB: must not be allocated.
        byte[] frame = {(byte) 0x93, 0x02, 0x01, (byte) 0xc6, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            read(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(frame.length);
            out.write(frame);
            assertClosedByHub(socket);
        }
        hubStillServes();
    }

    @Test
    void truncatedFrameDisturbsNobody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(100);
            out.write(new byte[10]); // 90 bytes never come
            hubStillServes(); // meanwhile the hub serves others
        }
        // The peer went away mid-frame: nothing joined, nothing broke.
        assertTrue(tracker.snapshot().stream().allMatch(v -> v.serverName().equals("after")));
        hubStillServes();
    }

    @Test
    void wrongProtocolVersionIsRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            Message.Challenge challenge = (Message.Challenge) read(socket.getInputStream());
            write(socket, new Message.Hello(Protocol.VERSION + 1, secret.prove(challenge.nonce()), "future", 0, 1));
            assertClosedByHub(socket);
        }
        assertTrue(logged.toString().contains("protocol version " + (Protocol.VERSION + 1)), logged.toString());
        hubStillServes();
    }

    @Test
    void nothingButTheChallengeIsSentBeforeAuthentication() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            assertEquals(Message.Type.CHALLENGE, read(socket.getInputStream()).type());
            write(socket, new Message.Evaluate(1, "print('let me in')"));
            assertClosedByHub(socket);
        }
        assertTrue(logged.toString().contains("expected HELLO, got EVALUATE"), logged.toString());
    }

    /** The next event of this kind in a run's inbox (others are skipped), within a few seconds. */
    private static <E extends RunEvent> E next(BlockingQueue<RunEvent> inbox, Class<E> kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            RunEvent e = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (kind.isInstance(e)) {
                return kind.cast(e);
            }
        }
        throw new AssertionError("no " + kind.getSimpleName() + " in the run's inbox");
    }

    @Test
    void aRunHearsItsSpokesAndTalksToARunningTaskBothWays() throws Exception {
        // A spoke whose task asks the hub something while it runs, waits for the answer, and
        // returns it as its result.
        BlockingQueue<Message> work = new LinkedBlockingQueue<>();
        TaskMailbox mailbox = new TaskMailbox();
        SpokeClient client = SpokeClient.join(new HostPort("127.0.0.1", tracker.address().getPort()), secret,
                new SpokeClient.Identity("alpha", 0, 4343), LOST_AFTER, work, mailbox, why -> { });
        Thread task = new Thread(() -> {
            try {
                Message.Task t = (Message.Task) work.take();
                mailbox.open(t.requestId());
                client.sendFromTask("what now?".getBytes(StandardCharsets.UTF_8));
                byte[] answer = mailbox.receive(Duration.ofSeconds(5));
                mailbox.close();
                client.send(new Message.TaskDone(t.requestId(), TaskStatus.DONE.code, answer, ""));
            } catch (InterruptedException done) {
                // test over
            }
        });
        task.setDaemon(true);
        task.start();
        BlockingQueue<RunEvent> inbox = new LinkedBlockingQueue<>();
        Spokes.Attachment run = tracker.attach(inbox::add);
        try {
            RunEvent.SpokeReady ready = next(inbox, RunEvent.SpokeReady.class);
            int id = ready.spoke().id();
            assertEquals("alpha", ready.spoke().serverName());
            run.acquire(id);
            assertTrue(tracker.snapshot().get(0).held());
            run.dispatch(id, 77, new byte[] {1}, 0);
            run.flush(); // written, then sent together (batching)
            RunEvent.TaskMessage asked = next(inbox, RunEvent.TaskMessage.class);
            assertEquals(77, asked.key());
            assertEquals("what now?", new String(asked.body(), StandardCharsets.UTF_8));
            run.deliver(id, 77, "carry on".getBytes(StandardCharsets.UTF_8));
            run.flush();
            RunEvent.TaskDone done = next(inbox, RunEvent.TaskDone.class);
            assertEquals(77, done.key());
            assertEquals(TaskStatus.DONE, done.status());
            assertEquals("carry on", new String(done.payload(), StandardCharsets.UTF_8));
            // The task is over: a late message for it is dropped at the hub (no task of that key runs).
            run.deliver(id, 77, "too late".getBytes(StandardCharsets.UTF_8));
            run.flush();
            mailbox.open(99);
            assertEquals(null, mailbox.receive(Duration.ofMillis(300)));
            client.close();
            assertEquals(id, next(inbox, RunEvent.SpokeLost.class).spokeId());
            // A spoke that cannot take work any more is reported lost to the run that tried.
            run.dispatch(id, 78, new byte[] {2}, 0);
            assertEquals(id, next(inbox, RunEvent.SpokeLost.class).spokeId());
        } finally {
            run.detach();
        }
        inbox.clear();
        hubStillServes();
        assertEquals(null, inbox.poll(300, TimeUnit.MILLISECONDS), "a detached run heard: " + inbox);
    }

    @Test
    void aSpokeThatAnswersATaskWithAnotherKindOfAnswerIsClosedAndTheRunHearsItLost() throws Exception {
        BlockingQueue<RunEvent> inbox = new LinkedBlockingQueue<>();
        try (Socket socket = new Socket("127.0.0.1", tracker.address().getPort())) {
            Message.Challenge challenge = (Message.Challenge) read(socket.getInputStream());
            write(socket, new Message.Hello(Protocol.VERSION, secret.prove(challenge.nonce()), "odd", 0, 7));
            assertEquals(Message.Type.WELCOME, read(socket.getInputStream()).type());
            Spokes.Attachment run = tracker.attach(inbox::add);
            try {
                int id = next(inbox, RunEvent.SpokeReady.class).spoke().id();
                run.dispatch(id, 5, new byte[] {1}, 0);
                run.flush();
                Message task;
                do {
                    task = read(socket.getInputStream());
                } while (!(task instanceof Message.Task));
                write(socket, new Message.Evaluated(((Message.Task) task).requestId(), true, new byte[0], ""));
                RunEvent.SpokeLost lost = next(inbox, RunEvent.SpokeLost.class);
                assertEquals(id, lost.spokeId());
                assertTrue(lost.why().contains("with EVALUATED, not that request's answer"), lost.why());
            } finally {
                run.detach();
            }
            assertClosedByHub(socket);
        }
        assertTrue(logged.toString().contains("closed connection from spoke"), logged.toString());
        hubStillServes();
    }

    @Test
    void theSpokesMailboxTakesOnlyTheRunningTasksMessages() throws Exception {
        TaskMailbox mailbox = new TaskMailbox();
        assertEquals(false, mailbox.deliver(5, new byte[] {1}), "no task runs");
        mailbox.open(5);
        assertEquals(false, mailbox.deliver(4, new byte[] {1}), "another task's");
        assertEquals(true, mailbox.deliver(5, new byte[] {2}));
        assertArrayEquals(new byte[] {2}, mailbox.receive(Duration.ofSeconds(1)));
        mailbox.deliver(5, new byte[] {3});
        mailbox.open(6); // the next task starts with an empty mailbox
        assertEquals(null, mailbox.receive(Duration.ofMillis(100)));
    }

    @Test
    void secretFileIsOwnerOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("session/secret");
        secret.writeOwnerOnly(file);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE), Files.getPosixFilePermissions(file.getParent()));
        Secret read = Secret.read(file);
        byte[] nonce = Secret.nonce();
        assertTrue(secret.verify(nonce, read.prove(nonce)));
    }

    private static Message read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] frame = new byte[data.readInt()];
        data.readFully(frame);
        return MessageCodec.decode(frame);
    }

    private static void write(Socket socket, Message m) throws IOException {
        byte[] body = MessageCodec.encode(m);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    /** Reads until the hub closes the connection (end of stream or reset) within a few seconds. */
    private static void assertClosedByHub(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // drain what the hub sent before closing (its challenge)
            }
        } catch (java.net.SocketException reset) {
            // closed with a reset: closed all the same
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the hub did not close the connection");
        }
    }
}
