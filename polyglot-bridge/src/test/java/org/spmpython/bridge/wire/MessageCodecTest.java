package org.spmpython.bridge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every message through the codec and back; frames that are not messages are refused. */
class MessageCodecTest {
    @Test
    void everyMessageSurvivesTheCodec() throws IOException {
        List<Message> all = List.of(
                new Message.Challenge(1, new byte[] {1, 2}),
                new Message.Hello(1, new byte[] {3}, "srv", 7, 99L),
                new Message.Welcome(5, 1000),
                new Message.Heartbeat(),
                new Message.Evaluate(42L, "print('é')"),
                new Message.Evaluated(42L, false, new byte[0], "Traceback"),
                new Message.Shutdown("bye"),
                new Message.Task(7L, new byte[] {9, 8}, 1500L),
                new Message.TaskDone(7L, TaskStatus.EVAL.code, new byte[] {1}, "boom"),
                new Message.Fetch(3L, "/srv/app", "pkg.mod", ""),
                new Message.Fetched(3L, FetchStatus.FOUND.code, "/srv/app/pkg/mod.py", "ab", new byte[] {65}),
                new Message.Leaving("its task could not be stopped"),
                new Message.TaskMessage(7L, new byte[] {4, 5, 6}),
                new Message.Lend(11L, "127.0.0.1", 40123, "00ff", 5000L),

                new Message.SpokeOutput("one line\nand \u00e9 another\n"));
        for (Message m : all) {
            Message back = MessageCodec.decode(MessageCodec.encode(m));
            assertEquals(m.type(), back.type());
            assertEquals(describe(m), describe(back));
        }
        assertEquals(Message.Type.values().length, all.size(), "a message type lacks a round-trip case");
    }

    private static String describe(Message m) {
        // Records print arrays by identity: compare their contents instead.
        return m.toString().replaceAll("\\[B@[0-9a-f]+", "") + switch (m) {
            case Message.Challenge c -> Arrays.toString(c.nonce());
            case Message.Hello h -> Arrays.toString(h.proof());
            case Message.Evaluated e -> Arrays.toString(e.value());
            case Message.Task t -> Arrays.toString(t.payload());
            case Message.TaskDone d -> Arrays.toString(d.payload());
            case Message.Fetched f -> Arrays.toString(f.content());
            case Message.TaskMessage t -> Arrays.toString(t.body());
            default -> "";
        };
    }


    @Test
    void aFrameThatIsNoMessageIsRefused() {
        // A TASK_MESSAGE with one field missing, and one with a byte left over.
        assertThrows(ProtocolException.class, () -> MessageCodec.decode(new byte[] {(byte) 0x92, 0x0d, 0x07}));
        assertThrows(ProtocolException.class,
                () -> MessageCodec.decode(new byte[] {(byte) 0x93, 0x0d, 0x07, (byte) 0xc4, 0x00, 0x01}));
    }

    /** The chaos soak's garbage at the tracker showed "malformed message: null": every refusal says why. */
    @Test
    void garbageIsRefusedWithAReason() {
        java.util.Random random = new java.util.Random(19);
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = new byte[1 + random.nextInt(40)];
            random.nextBytes(frame);
            if (i % 2 == 0) {
                frame[0] = (byte) (0x91 + random.nextInt(5)); // an array header: the decoder goes further in
            }
            try {
                MessageCodec.decode(frame);
            } catch (ProtocolException e) {
                org.junit.jupiter.api.Assertions.assertFalse(e.getMessage() == null || e.getMessage().endsWith("null"),
                        "no reason for " + Arrays.toString(frame) + ": " + e.getMessage());
            }
        }
        ProtocolException cut = assertThrows(ProtocolException.class,
                () -> MessageCodec.decode(new byte[] {(byte) 0x93, 0x0d, (byte) 0xcd}));
        org.junit.jupiter.api.Assertions.assertEquals("malformed message: it ends before its last field", cut.getMessage());
    }
}
