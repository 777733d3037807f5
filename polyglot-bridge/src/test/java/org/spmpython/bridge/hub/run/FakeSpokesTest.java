package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spmpython.bridge.wire.TaskStatus;

/** The fake's own rules: what it tells, and what it calls a violation. */
class FakeSpokesTest {
    private final FakeSpokes fake = new FakeSpokes();
    private final List<RunEvent> inbox = new ArrayList<>();

    private Spokes.Attachment attach() {
        return fake.attach(inbox::add);
    }

    @Test
    void theRunIsToldTheSpokesKnownWhenItAttachesAndLaterOnesOnlyWhenDelivered() {
        fake.join(HUB, true);
        Spokes.Attachment a = attach();
        assertEquals(1, inbox.size());
        assertEquals(FakeSpokes.Told.IDLE, fake.told(1));

        fake.lose(1);
        assertEquals(FakeSpokes.Told.IDLE, fake.told(1)); // in flight
        a.acquire(1);
        assertTrue(fake.deliverNext());
        assertEquals(new RunEvent.SpokeLost(1, "it died"), inbox.get(1));
        assertEquals(FakeSpokes.Told.LOST, fake.told(1));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void aDispatchToASpokeTheRunWasToldIsBusyIsAViolation() {
        fake.join(HUB, true);
        Spokes.Attachment a = attach();
        a.acquire(1);
        fake.busy(1);
        fake.deliverNext();
        a.dispatch(1, 1, new byte[0], 0);
        assertEquals(List.of("dispatch to spoke 1, which the run was told is busy"), fake.violations());
    }

    @Test
    void aDispatchToASpokeNotHeldOrRunningATaskIsAViolation() {
        fake.join(HUB, true);
        Spokes.Attachment a = attach();
        a.dispatch(1, 1, new byte[0], 0);
        a.acquire(1);
        a.dispatch(1, 2, new byte[0], 0);
        a.release(1);
        a.release(1);
        assertEquals(List.of("dispatch to spoke 1, which the run does not hold",
                "dispatch to spoke 1, which holds keys [1] still (maxQueue 1)", "release of spoke 1, which the run does not hold"),
                fake.violations());
    }

    @Test
    void aDispatchToASpokeLostMeanwhileIsAnsweredWithItsLossAtOnce() {
        fake.join(HUB, true);
        Spokes.Attachment a = attach();
        a.acquire(1);
        fake.lose(1);
        a.dispatch(1, 1, new byte[0], 0);
        assertEquals(new RunEvent.SpokeLost(1, "it could not take work (lost meanwhile)"), inbox.get(1));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void eachSpokesEventsComeInOrderDifferentSpokesInAny() {
        attach();
        fake.join(HUB, true);
        fake.lose(1);
        fake.join(HUB, true);
        assertTrue(fake.deliver(1)); // the second deliverable: spoke 2's arrival, not spoke 1's loss
        assertEquals(2, ((RunEvent.SpokeReady) inbox.get(0)).spoke().id());
        assertTrue(fake.deliver(1)); // only spoke 1's events are left: its arrival comes first
        assertTrue(inbox.get(1) instanceof RunEvent.SpokeReady);
        assertTrue(fake.deliverNext());
        assertFalse(fake.deliverNext());
    }

    @Test
    void aSpokeTheRunEndsIsLostAndTheCloudRelaunchesItsOwn() {
        FakeSpokes relaunching = new FakeSpokes(true);
        relaunching.join(HUB, true);
        Spokes.Attachment a = relaunching.attach(inbox::add);
        a.acquire(1);
        a.end(1, "relaunchPost");
        assertEquals(new RunEvent.SpokeLost(1, "relaunchPost"), inbox.get(1));
        assertEquals(List.of(2), relaunching.live());
        assertEquals(FakeSpokes.State.BOOTING, relaunching.spoke(2).state);
        relaunching.answer(2, 9, TaskStatus.DONE);
        a.detach();
        assertFalse(relaunching.deliverNext()); // nothing reaches a detached run
        assertEquals(List.of("acquire 1", "end 1: relaunchPost", "detach"), relaunching.log());
    }
}
