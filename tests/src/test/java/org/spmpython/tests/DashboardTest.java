package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live web view ({@code --dashboard}, docs/DASHBOARD.md) in a real Chromium, on one shared
 * hub with {@code --spokes local:2}: what a user sees live during a real run (the spokes, tasks
 * finishing, a failed task's exception, a killed spoke lost and back), {@code /api/state} against
 * the tracker, and that tabs and browsers that come and go change nothing for a run. Then,
 * sessions of their own: the token of a view bound elsewhere, {@code -q}, bad addresses. The
 * README's screenshot (docs/dashboard.png) is taken here. Tasks: resources/dashboard/watched.py.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
class DashboardTest {
    private static final Pattern URL = Pattern.compile("spm-python: dashboard: (http://\\S+)");
    private static final Duration BOOT = Duration.ofSeconds(150);
    private static final String SPOKES = "[...document.querySelectorAll('[data-testid=spoke]')]";
    /** The page's name of the run it shows ("run 3"), or null. */
    private static final String RUN_NAME = "(document.querySelector('.run .head b') || {}).textContent";
    private static final String IDLE_TWO = SPOKES + ".filter(e => e.dataset.state === 'idle').length === 2";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private HubSession hub;
    private Browser browser;
    private String url;

    @BeforeAll
    void start() throws Exception {
        Path dir = Paths.copyScripts(Paths.newScratchDir("dashboard"), "dashboard/watched.py");
        hub = HubSession.startUnquiet("--spokes", "local:2", "--dashboard", "127.0.0.1:0");
        hub.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import watched");
        url = printedUrl(hub);
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (hub != null) {
                hub.close();
            }
        }
    }

    private static String printedUrl(HubSession session) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Matcher m = URL.matcher(session.stderr());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no dashboard URL printed at start:\n" + session.stderr());
    }

    /** The value of the run's counter {@code name} on the page, or -1 before a run. */
    private static String counter(String name) {
        return "(() => { const e = document.querySelector('[data-testid=" + name + "] .n');"
                + " return e ? Number(e.textContent) : -1; })()";
    }

    @Test
    @Order(1)
    void thePageShowsTheSpokesOfLocal2WithNoConsoleError() throws Exception {
        assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/"), url);
        assertEquals(200, browser.open("a", url));
        browser.waitFor("a", IDLE_TWO, BOOT);
        hub.awaitIdleSpokes(2);
        // The pids the page shows are those of the tracker's spokes.
        String shown = browser.eval("a", SPOKES + ".map(e => e.querySelector('.meta').textContent).join(' ')");
        for (long pid : hub.spokePids("idle")) {
            assertTrue(shown.contains("pid " + pid), shown);
        }
        assertEquals("\"live\"", browser.eval("a", "document.getElementById('connection').textContent"));
        // Everything the page loaded came from the hub itself (no CDN).
        assertEquals("true", browser.eval("a", "performance.getEntriesByType('resource')"
                + ".every(r => r.name.startsWith(location.origin))"));
        assertEquals("[]", browser.errors("a"));
    }

    @Test
    @Order(2)
    void duringARunItShowsTasksFinishingAndAFailedTasksException() throws Exception {
        hub.send("watched.run([(1.5, None)] * 6 + [(0.5, 'boom 17')] + [(1.5, None)] * 3)\n");
        // Live: some tasks done while others still run or wait, a spoke saying which task it runs.
        String midway = browser.waitFor("a", "(() => { const d = " + counter("done") + ";"
                + " return d >= 1 && d < 9 && " + counter("pending") + " + " + counter("running") + " > 0"
                + " && " + SPOKES + ".some(e => e.dataset.state === 'busy'"
                + " && e.textContent.includes('runs task')) ? d : false; })()", Duration.ofSeconds(120));
        assertTrue(Integer.parseInt(midway) >= 1, midway);
        String out = hub.run("pass");
        browser.waitFor("a", "document.querySelector('[data-testid=run-online]').textContent === 'offline'",
                Duration.ofSeconds(30));
        assertTrue(out.contains("('06', 'SPMTaskEval', 'ValueError: boom 17')"), out);
        assertEquals(9, out.split("'done', 'slept 1.5 s'", -1).length - 1, out);
        assertEquals("9", browser.eval("a", counter("done")));
        assertEquals("1", browser.eval("a", counter("failed")));
        assertEquals("0", browser.eval("a", counter("running")));
        assertEquals("0", browser.eval("a", counter("pending")));
        // The failure is marked on its spoke's timeline, and its report shows the exception...
        assertEquals("1", browser.eval("a", "document.querySelectorAll('.seg[data-status=eval]').length"));
        String row = browser.eval("a", "document.querySelector('tr[data-status=eval]').textContent");
        assertTrue(row.contains("ValueError: boom 17"), row);
        // ... and, on click, the remote traceback.
        browser.click("a", "tr[data-status=eval]");
        String traceback = browser.waitFor("a", "(() => { const p = document.querySelector('[data-testid=traceback]');"
                + " return p && p.textContent; })()", Duration.ofSeconds(10));
        assertTrue(traceback.contains("Traceback") && traceback.contains("watched.py")
                && traceback.contains("ValueError: boom 17"), traceback);
        String log = browser.eval("a", "document.getElementById('log').textContent");
        assertTrue(log.contains("online with 10 tasks") && log.contains("offline: 9 done, 1 failed"), log);
        Files.createDirectories(Paths.root().resolve("docs"));
        browser.screenshot("a", Paths.root().resolve("docs/dashboard.png"));
        assertEquals("[]", browser.errors("a"));
    }

    /** /api/state's spokes are the tracker's: ids, servers, cores, pids, states. */
    private void assertApiMatchesTheTracker() {
        String answer = hub.run("import json, urllib.request; _st = json.load(urllib.request.urlopen("
                + HubSession.quoted(url + "api/state") + ")); "
                + "_api = sorted((s['id'], s['server'], s['core'], s['pid'], s['state']) for s in _st['spokes']); "
                + "_tr = sorted((s.id, s.serverName, s.core, s.pid, s.state) for s in spm.sys.tracker.spokes()); "
                + "print(_api == _tr); print(_api); print(_tr)");
        assertTrue(answer.startsWith("True\n"), answer);
    }

    @Test
    @Order(3)
    void apiStateMatchesTheTracker() throws Exception {
        assertApiMatchesTheTracker();
        String run = hub.run("_r = _st['run']; print(_r['id'], _r['online'], _r['tasks'], _r['done'], _r['failed'], "
                + "_r['running'], _r['pending'], len(_r['recent']), sorted(x['status'] for x in _r['recent'])[0], "
                + "[x['error'].strip().splitlines()[-1] for x in _r['recent'] if x['status'] == 'eval'])");
        assertTrue(run.matches("\\d+ False 10 9 \\{'load': 0, 'eval': 1, 'dropped': 0\\} 0 0 10 done "
                + "\\['ValueError: boom 17'\\]"), run);
    }

    @Test
    @Order(4)
    void aKilledSpokeTurnsLostThenBack() throws Exception {
        List<Long> pids = hub.spokePids("idle");
        long victim = pids.get(0);
        new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
        browser.waitFor("a", SPOKES + ".some(e => e.dataset.state === 'lost' && e.textContent.includes('pid "
                + victim + "'))", Duration.ofSeconds(60));
        browser.waitFor("a", IDLE_TWO, BOOT);
        hub.awaitIdleSpokes(2);
        assertFalse(hub.spokePids("idle").contains(victim));
        String log = browser.eval("a", "document.getElementById('log').textContent");
        assertTrue(log.contains("lost"), log);
        assertApiMatchesTheTracker();
        assertEquals("[]", browser.errors("a"));
    }

    @Test
    @Order(5)
    void aPageOfAnotherSiteCannotReadIt() throws Exception {
        // A site that renames itself to 127.0.0.1 (DNS rebinding) still sends its own name as Host.
        URI where = URI.create(url);
        try (Socket s = new Socket(where.getHost(), where.getPort())) {
            s.getOutputStream().write("GET /api/state HTTP/1.1\r\nHost: evil.example:80\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 403") && answer.contains("loopback names only"), answer);
        }
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(where.resolve("/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(where.resolve("/api/state"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    @Order(6)
    void aSecondTabAndAClosedTabChangeNothingForTheRun() throws Exception {
        assertEquals(200, browser.open("b", url));
        browser.waitFor("b", IDLE_TWO, Duration.ofSeconds(30));
        URI where = URI.create(url);
        // A browser that never reads its stream, and one that vanishes mid-run.
        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress(where.getHost(), where.getPort()));
            stuck.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Socket vanishing = new Socket(where.getHost(), where.getPort());
            vanishing.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String before = browser.eval("b", RUN_NAME);
            hub.send("watched.run([(1, None)] * 8)\n");
            // The new run, not the last one's counts.
            browser.waitFor("b", RUN_NAME + " !== " + before + " && " + counter("done") + " >= 1", Duration.ofSeconds(120));
            browser.closeTab("a");
            vanishing.setSoLinger(true, 0);
            vanishing.close();
            String out = hub.run("pass");
            browser.waitFor("b", "document.querySelector('[data-testid=run-online]').textContent === 'offline'",
                    Duration.ofSeconds(30));
            // Every task reported once, all done.
            for (int i = 0; i < 8; i++) {
                assertEquals(1, out.split("\\('0" + i + "', 'done', 'slept 1 s'\\)", -1).length - 1, out);
            }
            assertEquals(8, out.split("'done'", -1).length - 1, out);
            assertEquals("8", browser.eval("b", counter("done")));
            assertEquals("0", browser.eval("b", counter("failed")));
        }
        assertApiMatchesTheTracker();
        assertEquals("[]", browser.errors("b"));
    }

    @Test
    @Order(20)
    void aDashboardBoundElsewhereNeedsTheTokenInItsUrl() throws Exception {
        try (HubSession other = HubSession.startUnquiet("--spokes", "none", "--dashboard", "0.0.0.0:0")) {
            String printed = printedUrl(other);
            Matcher m = Pattern.compile("http://[^:/]+:(\\d+)/\\?token=([0-9a-f]{32})").matcher(printed);
            assertTrue(m.matches(), printed);
            // The URL is also in the session's folder, for -q sessions and tools: the owner's only.
            String xdg = System.getenv("XDG_RUNTIME_DIR");
            Path runtime = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "spm-python")
                    : Path.of(System.getProperty("java.io.tmpdir"), "spm-python-" + System.getProperty("user.name"));
            Path file = runtime.resolve("hub-" + other.pid()).resolve("dashboard-url");
            assertEquals(printed + "\n", Files.readString(file));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String base = "http://127.0.0.1:" + m.group(1);
            String token = m.group(2);
            HttpResponse<String> none = get(base + "/api/state");
            assertEquals(403, none.statusCode());
            assertTrue(none.body().contains("needs the token printed at start"), none.body());
            HttpResponse<String> wrong = get(base + "/api/state?token=" + "0".repeat(32));
            assertEquals(403, wrong.statusCode());
            assertTrue(wrong.body().contains("wrong token"), wrong.body());
            assertEquals(403, get(base + "/").statusCode());
            assertEquals(403, get(base + "/api/events").statusCode());
            HttpResponse<String> right = get(base + "/api/state?token=" + token);
            assertEquals(200, right.statusCode());
            assertTrue(right.body().startsWith("{\"now\":") && right.body().contains("\"spokes\":[]"), right.body());
            // The page, opened from the printed URL, follows the hub with the token it was given.
            assertEquals(200, browser.open("t", base + "/?token=" + token));
            browser.waitFor("t", "document.getElementById('connection').textContent === 'live'", Duration.ofSeconds(30));
            assertEquals("[]", browser.errors("t"));
            browser.closeTab("t");
        }
    }

    private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(21)
    void quietSilencesTheUrlAndBadAddressesAreRefusedInWords() throws Exception {
        var quiet = SpmPython.with("-q", "--dashboard", "127.0.0.1:0", "-c", "print('ran')").run();
        assertEquals(0, quiet.exitCode(), quiet.toString());
        assertEquals("ran\n", quiet.stdout());
        assertFalse(quiet.stderr().contains("dashboard"), quiet.toString());

        var loud = SpmPython.with("--dashboard", "127.0.0.1:0", "-c", "print('ran')").run();
        assertTrue(URL.matcher(loud.stderr()).find(), loud.toString());

        var malformed = SpmPython.with("--dashboard", "nowhere", "-c", "pass").run();
        assertEquals(2, malformed.exitCode(), malformed.toString());
        assertTrue(malformed.stderr().contains("--dashboard takes HOST:PORT (a port from 0 to 65535), not 'nowhere'"),
                malformed.toString());

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            var inUse = SpmPython.with("--dashboard", "127.0.0.1:" + taken.getLocalPort(), "-c", "print('ran')").run();
            assertEquals(2, inUse.exitCode(), inUse.toString());
            assertTrue(inUse.stderr().startsWith("spm-python: --dashboard 127.0.0.1:" + taken.getLocalPort()
                    + ": cannot listen there: "), inUse.toString());
            assertFalse(inUse.stdout().contains("ran"), inUse.toString());
        }
    }
}
