package org.spmpython.bridge.hub.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spmpython.bridge.hub.HubEvent;
import org.spmpython.bridge.hub.SpokeState;
import org.spmpython.bridge.hub.SpokeView;
import org.spmpython.bridge.hub.run.TaskReport;
import org.spmpython.bridge.wire.TaskStatus;

class ViewModelTest {
    private final ViewModel model = new ViewModel("hub-host");

    static SpokeView spoke(int id, SpokeState state) {
        return new SpokeView(id, "host-" + (id % 2), id - 1, 1000 + id, state, 1, 0, true, 0.5, 0, false);
    }

    static TaskReport report(int task, TaskStatus status, int spoke, String error) {
        return new TaskReport(task, status, new byte[0], error, spoke, "host-" + (spoke % 2));
    }

    @Test
    void aRunsCountsAndItsSpokesTasks() {
        model.apply(new HubEvent.SpokeBooting(spoke(1, SpokeState.BOOTING)), 0);
        model.apply(new HubEvent.SpokeJoined(spoke(1, SpokeState.IDLE)), 10);
        model.apply(new HubEvent.SpokeJoined(spoke(2, SpokeState.IDLE)), 10);
        model.apply(new HubEvent.RunOnline(7, "pinterp", 5), 20);
        model.apply(new HubEvent.TaskDispatched(7, 0, 1), 30);
        model.apply(new HubEvent.TaskDispatched(7, 1, 2), 30);
        String running = model.json(40);
        assertTrue(running.contains("{\"id\":1,\"server\":\"host-1\",\"core\":0,\"pid\":1001,\"local\":true,"
                + "\"state\":\"busy\",\"task\":0,\"taskRun\":7,"), running);
        assertTrue(running.contains("\"running\":2,\"pending\":3"), running);
        model.apply(new HubEvent.TaskReported(7, report(0, TaskStatus.DONE, 1, "")), 50);
        model.apply(new HubEvent.TaskReported(7, report(1, TaskStatus.EVAL, 2, "Traceback ...\nValueError: \"no\" <b>")), 60);
        model.apply(new HubEvent.TaskReported(7, report(2, TaskStatus.DROPPED, -1, "the run ended first")), 60);
        model.apply(new HubEvent.RunOffline(7, 1, 2), 70);
        String after = model.json(80);
        assertTrue(after.contains("\"online\":false,\"tasks\":5,\"done\":1,\"failedTotal\":2,"
                + "\"failed\":{\"load\":0,\"eval\":1,\"dropped\":1},\"running\":0,\"pending\":2,\"started\":20,\"ended\":70"), after);
        assertTrue(after.contains("\"state\":\"idle\",\"task\":null"), after);
        // The failure's segment and report; the error's quotes, newline and '<' escaped.
        assertTrue(after.contains("{\"run\":7,\"task\":1,\"start\":30,\"end\":60,\"status\":\"eval\"}"), after);
        assertTrue(after.contains("\"error\":\"Traceback ...\\nValueError: \\\"no\\\" \\u003cb>\""), after);
        assertTrue(after.contains("\"text\":\"task 1 eval on spoke 2: ValueError: \\\"no\\\" \\u003cb>\""), after);
        assertTrue(after.contains("\"text\":\"offline: 1 done, 2 failed\""), after);
    }

    @Test
    void aLostSpokeStaysAMinuteAsAtTheTracker() {
        model.apply(new HubEvent.SpokeJoined(spoke(1, SpokeState.IDLE)), 0);
        model.apply(new HubEvent.SpokeLost(spoke(1, SpokeState.LOST), "its process exited", false), 1_000);
        // A late 'idle' of a lost spoke does not bring it back.
        model.apply(new HubEvent.SpokeIdle(spoke(1, SpokeState.IDLE)), 1_001);
        String lost = model.json(50_000);
        assertTrue(lost.contains("\"state\":\"lost\"") && lost.contains("\"why\":\"its process exited\""), lost);
        assertEquals(List.of(), idsAt(62_000));
    }

    private List<Integer> idsAt(long now) {
        model.json(now);
        return model.spokeIds();
    }

    @Test
    void itStaysBoundedWhateverTheSessionDoes() {
        model.apply(new HubEvent.SpokeJoined(spoke(1, SpokeState.IDLE)), 0);
        model.apply(new HubEvent.RunOnline(1, "pinterp", 5000), 0);
        String huge = "x".repeat(ViewModel.ERROR_CHARS * 3);
        for (int t = 0; t < 5000; t++) {
            model.apply(new HubEvent.TaskDispatched(1, t, 1), t);
            model.apply(new HubEvent.TaskReported(1, report(t, TaskStatus.EVAL, 1, huge)), t);
        }
        for (int id = 2; id < 2 + 2 * ViewModel.SPOKES_KEPT; id++) {
            model.apply(new HubEvent.SpokeJoined(spoke(id, SpokeState.IDLE)), 5000);
        }
        String json = model.json(5000);
        assertEquals(ViewModel.SPOKES_KEPT, model.spokeIds().size());
        assertEquals(ViewModel.REPORTS_KEPT, count(json, "\"status\":\"eval\",\"spoke\""));
        assertEquals(ViewModel.LOG_KEPT, count(json, "\"source\":"));
        assertTrue(json.contains("... (" + ViewModel.ERROR_CHARS * 2 + " more characters)"));
        assertTrue(json.length() < 2_000_000, "state of " + json.length() + " characters");
        assertTrue(json.contains("\"failedTotal\":5000"), "the counts are never cut");
    }

    @Test
    void theTimelineKeepsTheLastSegmentsOfEachSpoke() {
        model.apply(new HubEvent.SpokeJoined(spoke(1, SpokeState.IDLE)), 0);
        model.apply(new HubEvent.RunOnline(1, "pinterp", 500), 0);
        for (int t = 0; t < 500; t++) {
            model.apply(new HubEvent.TaskDispatched(1, t, 1), t);
            model.apply(new HubEvent.TaskReported(1, report(t, TaskStatus.DONE, 1, "")), t + 1);
        }
        String json = model.json(600);
        assertEquals(ViewModel.SEGMENTS_PER_SPOKE, count(json, "\"status\":\"done\"}"));
        assertTrue(json.contains("{\"run\":1,\"task\":499,"), json);
        assertFalse(json.contains("{\"run\":1,\"task\":0,\"start\""), json);
    }

    static int count(String hay, String needle) {
        return hay.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }
}
