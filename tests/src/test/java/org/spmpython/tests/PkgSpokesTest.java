package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each resource resolves the store's packages for itself (DESIGN §9; the PyHPC paper's Fig. 2,
 * environment variables standing in for CUDA drivers): three spokes with different "drivers"
 * import the same name in one run and each loads the version its own probes accepted; the one no
 * probe accepts reports SPMTaskLoad, also when the task's code swallows the exception; the hub
 * lists what every spoke resolved.
 */
@ExtendWith(ProcessLeakCheck.class)
class PkgSpokesTest {
    private static final String PROBE = "import os\n\ndef preload():\n    return os.environ.get('FIG2_DRIVER') == '%s'\n";

    @Test
    void eachSpokeLoadsTheVersionItsProbesPickAndTheHubListsThem() throws Exception {
        Path dir = Paths.newScratchDir("fig2");
        Path store = dir.resolve("store");
        Paths.copyScripts(dir, "pkg/fig2.py");
        for (String[] v : new String[][] {{"1.0", "11"}, {"2.0", "12"}}) {
            Paths.write(dir.resolve("src-" + v[0]), "fig2drv.py", "VERSION = '" + v[0] + "'\n");
            Paths.write(dir, "probe-" + v[0] + ".py", String.format(PROBE, v[1]));
        }
        try (HubSession hub = HubSession.start("--spokes", "none", "--listen", "127.0.0.1:0")) {
            hub.run("import os, sys; os.chdir(" + HubSession.quoted(dir.toString()) + "); sys.path.insert(0, '')");
            for (String version : List.of("2.0", "1.0")) {
                hub.run("from spm.pkg.store import Store; Store(" + HubSession.quoted(store.toString()) + ").add('src-"
                        + version + "', 'fig2drv', '" + version + "', 'probe-" + version + ".py')");
            }
            Matcher m = Pattern.compile("tracker listening on /127\\.0\\.0\\.1:(\\d+); remote spokes: .* --secret-file (\\S+)")
                    .matcher(hub.stderr());
            assertTrue(m.find(), hub.stderr());
            List<Process> spokes = new ArrayList<>();
            try {
                for (String[] node : new String[][] {{"node11", "11"}, {"node12", "12"}, {"node0", ""}}) {
                    ProcessBuilder pb = SpmPython.processBuilder(List.of("spoke", "--hub", "127.0.0.1:" + m.group(1),
                            "--secret-file", m.group(2), "--server-name", node[0])).redirectErrorStream(true);
                    Map<String, String> env = pb.environment();
                    env.put("SPM_PKG_ROOT", store.toString());
                    env.put("FIG2_DRIVER", node[1]);
                    spokes.add(pb.start());
                }
                hub.awaitIdleSpokes(3);

                String out = hub.run("import fig2; fig2.run(" + HubSession.quoted(dir.toString()) + ")");
                String[] lines = lines(out);
                assertEquals(3, lines.length, out);
                assertTrue(lines[0].startsWith("('node0', 'SPMTaskLoad', ")
                        && lines[0].contains("SPMPackageUnresolved: no version of package 'fig2drv'"), out);
                // The listing names every version and what its probe answered.
                assertTrue(lines[0].contains("1.0: preload() returned False") && lines[0].contains("2.0: preload() returned False"), out);
                assertEquals("('node11', 'done', '1.0')", lines[1], out);
                assertEquals("('node12', 'done', '2.0')", lines[2], out);

                // Swallowing the exception does not hide it: the task still fails its load.
                out = hub.run("fig2.run(" + HubSession.quoted(dir.toString()) + ", swallow=True)");
                lines = lines(out);
                assertTrue(lines[0].startsWith("('node0', 'SPMTaskLoad', ")
                        && lines[0].contains("SPMPackageUnresolved"), out);
                assertEquals("('node11', 'done', '1.0')", lines[1], out);

                String resolved = hub.run("print(sorted((k.split('@')[1], v) for k, v in spm.pkg.resolved().items()))");
                assertEquals("[('node0', {}), ('node11', {'fig2drv': '1.0'}), ('node12', {'fig2drv': '2.0'})]",
                        resolved, hub.stderr());
                // The hub resolved nothing of its own.
                assertEquals("{}", hub.run("print(spm.pkg.resolutions())"));
                // Asked on a spoke, resolved() says where it belongs.
                String onSpoke = hub.run("try:\n    spm.sys.tracker.evaluate(spm.sys.tracker.spokes()[0], 'spm.pkg.resolved()')\n"
                        + "except spm.exceptions.SpokeEvaluationError as e:\n    print('refused:', e)\n\n");
                assertTrue(onSpoke.contains("refused:") && onSpoke.contains("is asked at the hub"), onSpoke);
            } finally {
                spokes.forEach(Process::destroy);
                for (Process p : spokes) {
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static String[] lines(String out) {
        return out.lines().filter(l -> l.startsWith("(")).toArray(String[]::new);
    }
}
