package org.spmpython.bridge.hub.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.spmpython.bridge.hub.HubEvent;
import org.spmpython.bridge.hub.HubEvents;
import org.spmpython.bridge.hub.SpokeState;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.TaskStatus;

/** The view's HTTP side on a real socket: its routes, its stream, and browsers that do not read. */
class DashboardServerTest {
    private final HubEvents events = new HubEvents();
    private final Dashboard dashboard = Dashboard.start(new HostPort("127.0.0.1", 0), events, "hub-host");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        dashboard.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dashboard.url()).resolve(path)).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageItsFilesAndTheState() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"dashboard.js\" defer></script>"), page.body());
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
        assertEquals(200, get("/dashboard.js").statusCode());
        assertEquals("text/css; charset=utf-8", get("/dashboard.css").headers().firstValue("content-type").orElse(""));
        events.publish(new HubEvent.SpokeJoined(ViewModelTest.spoke(3, SpokeState.IDLE)));
        HttpResponse<String> state = get("/api/state");
        assertEquals("application/json", state.headers().firstValue("content-type").orElse(""));
        assertTrue(state.body().contains("\"hub\":\"hub-host\"") && state.body().contains("\"id\":3,"), state.body());
        assertEquals(404, get("/../etc/passwd").statusCode());
        assertEquals(404, get("/index.html").statusCode());
    }

    @Test
    void aTakenPortIsRefusedInWordsAndLeavesNothingRunning() throws Exception {
        int port = URI.create(dashboard.url()).getPort();
        long before = viewThreads();
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Dashboard.start(new HostPort("127.0.0.1", port), events, "hub-host"));
        assertTrue(e.getMessage().startsWith("--dashboard 127.0.0.1:" + port + ": cannot listen there: "), e.getMessage());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (viewThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before, viewThreads(), "the failed view's thread is still there");
    }

    private static long viewThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("spm-dashboard")).count();
    }

    @Test
    void theStreamSendsTheStateAndEachChange() throws Exception {
        try (Socket s = new Socket("127.0.0.1", URI.create(dashboard.url()).getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 200 OK", in.readLine());
            String first = nextData(in);
            assertTrue(first.contains("\"spokes\":[]"), first);
            events.publish(new HubEvent.SpokeJoined(ViewModelTest.spoke(5, SpokeState.IDLE)));
            String next;
            do {
                next = nextData(in);    // a state with nothing new may come first (a refresh)
            } while (!next.contains("\"id\":5,"));
        }
    }

    private static String nextData(BufferedReader in) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            int at = line.indexOf("data: ");
            if (at >= 0) {
                return line.substring(at + 6);
            }
        }
        throw new AssertionError("the stream ended");
    }

    @Test
    void browsersThatNeverReadCostThePublisherNothing() throws Exception {
        int port = URI.create(dashboard.url()).getPort();
        Socket[] stuck = new Socket[8];
        try {
            for (int i = 0; i < stuck.length; i++) {
                stuck[i] = new Socket();
                stuck[i].setReceiveBufferSize(1024);
                stuck[i].connect(new java.net.InetSocketAddress("127.0.0.1", port));
                stuck[i].getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            }
            // Big states (tracebacks) for a few seconds, while none of them reads a byte.
            events.publish(new HubEvent.RunOnline(1, "pinterp", 1_000_000));
            String traceback = "Traceback\n" + "y".repeat(ViewModel.ERROR_CHARS);
            int published = 0;
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 2_000; i++) {
                    events.publish(new HubEvent.TaskReported(1, ViewModelTest.report(published++, TaskStatus.EVAL, -1, traceback)));
                }
                Thread.sleep(100);
            }
            // The publisher was never held up (no count to meet: it ran freely), and the view
            // still answers, with every report counted.
            long deadline = System.nanoTime() + 120_000_000_000L;
            String state;
            do {
                state = get("/api/state").body();
            } while (!state.contains("\"failedTotal\":" + published + ",") && System.nanoTime() < deadline);
            assertTrue(state.contains("\"failedTotal\":" + published + ","), "not all " + published + " reports counted");
        } finally {
            for (Socket s : stuck) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
