package org.spmpython.bridge.spoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.spmpython.bridge.python.InterpreterFlags;
import org.spmpython.bridge.wire.HostPort;

/** The spoke's command line: what a launcher writes is what {@code spm-python spoke} reads. */
class SpokeCommandTest {
    private static final SpokeOptions PLAIN = SpokeOptions.joining(new HostPort("127.0.0.1", 4000), Path.of("/s/secret"));

    private static SpokeOptions readBack(SpokeOptions o) {
        List<String> words = SpokeCommand.command("spm-python", o);
        assertEquals(List.of("spm-python", "spoke"), words.subList(0, 2), words.toString());
        return SpokeCommand.parse(words.subList(2, words.size()));
    }

    @Test
    void everyOptionSurvivesTheRoundTrip() {
        assertEquals(PLAIN, readBack(PLAIN));
        SpokeOptions all = SpokeOptions.joining(new HostPort("hub.example", 65535), Path.of("/s/secret"))
                .at("node7", 3, 4242).sharing("never", true, false, Duration.ofMillis(2500), false);
        assertEquals(all, readBack(all));
        SpokeOptions channel = all.reaching(new HostPort("vm", 9)).overChannel(1L << 32);
        assertEquals(channel, readBack(channel));
        String line = String.join(" ", SpokeCommand.command("spm-python", channel));
        assertTrue(line.contains("--hub vm:9 --secret-file - ") && line.contains("--launch-id 4294967296"), line);
        assertEquals(all.outputInSlotLog(), readBack(all.outputInSlotLog()));
        assertEquals(PLAIN.sharing("always", false, true, Duration.ofSeconds(5), true),
                readBack(PLAIN.sharing("always", false, true, Duration.ofSeconds(5), true)));
    }

    @Test
    void theHubsSharedOptionsAreOnTheCommandLine() {
        List<String> words = SpokeCommand.command("spm-python",
                PLAIN.sharing("never", true, false, Duration.ofSeconds(3), false));
        String line = String.join(" ", words);
        assertTrue(line.contains("--legacy never") && line.contains("--verbose") && line.contains("--no-bytecode")
                && line.contains("--lost-after 3.0") && line.contains("--no-shared-fs"), line);
        String plain = String.join(" ", SpokeCommand.command("spm-python", PLAIN));
        assertTrue(!plain.contains("--verbose") && !plain.contains("--no-bytecode") && !plain.contains("--no-shared-fs")
                && !plain.contains("--core") && !plain.contains("--parent"), plain);
    }

    @Test
    void theHubsPythonFlagsSurviveTheRoundTripButNotItsMainProgramsOwn() {
        // -OO -bb -E -i -x -X dev -X int_max_str_digits=100 -W error -W ignore::DeprecationWarning, -P
        InterpreterFlags hub = new InterpreterFlags(0, 1, 2, 0, 0, 1, 2, 0, 1, 0, true, 0, 0, true, 100,
                List.of("error", "ignore::DeprecationWarning"), List.of("dev", "int_max_str_digits=100"), true, 0);
        SpokeOptions o = PLAIN.withPythonFlags(hub);
        assertEquals(o, readBack(o));
        assertEquals(0, o.pythonFlags().inspect(), "-i is the hub's main program's");
        assertTrue(!o.pythonFlags().skipFirstLine(), "-x is the hub's main program's");
        assertEquals(2, readBack(o).pythonFlags().optimize());
        assertEquals(List.of("error", "ignore::DeprecationWarning"), readBack(o).pythonFlags().warnOptions());
        String line = String.join(" ", SpokeCommand.command("spm-python", o));
        assertTrue(line.contains("--python-flags optimize=2,ignoreEnvironment=1,bytesWarning=2,devMode=true,"
                + "safePath=true,intMaxStrDigits=100 --warn-option error --warn-option ignore::DeprecationWarning"
                + " --x-option dev --x-option int_max_str_digits=100"), line);
        assertTrue(!String.join(" ", SpokeCommand.command("spm-python", PLAIN.withPythonFlags(InterpreterFlags.DEFAULTS)))
                .contains("--python-flags"), "python's defaults are not written");
        // -q -i -v -x: the hub's prompt and main program, and the spoke's own --verbose
        InterpreterFlags prompt = new InterpreterFlags(0, 1, 0, 0, 0, 0, 0, 1, 1, 0, false, 0, 0, false,
                InterpreterFlags.DEFAULT_INT_MAX_STR_DIGITS, List.of(), List.of(), true, 2);
        assertEquals(InterpreterFlags.DEFAULTS, prompt.forSpokes(), "a spoke of a -q -i -v session runs as python's");
    }

    @Test
    void readsBothSpellingsOfAValue() {
        assertEquals(SpokeCommand.parse(List.of("--hub", "h:1", "--secret-file", "f", "--core", "2")),
                SpokeCommand.parse(List.of("--hub=h:1", "--secret-file=f", "--core=2")));
    }

    @Test
    void refusesWhatItCannotReadNamingTheWordAndWhy() {
        refuses(List.of("--secret-file", "f"), "spoke needs --hub HOST:PORT");
        refuses(List.of("--hub", "h:1"), "spoke needs --secret-file FILE");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "extra"), "spoke takes options only, not 'extra'");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--colour", "red"), "unknown option --colour");
        refuses(List.of("--hub", "nowhere", "--secret-file", "f"), "--hub takes HOST:PORT");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--core", "two"), "--core takes a whole number, not 'two'");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--lost-after", "0"), "--lost-after takes seconds");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--legacy", "sometimes"),
                "--legacy takes one of auto, always, never, not 'sometimes'");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--verbose=yes"), "--verbose takes no value");
        refuses(List.of("--hub", "h:1", "--secret-file"), "Argument expected for the --secret-file option");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--python-flags", "speed=2"),
                "--python-flags: no python flag 'speed'");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--python-flags", "optimize=lots"),
                "--python-flags: optimize takes a whole number, not 'lots'");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--python-flags", "devMode=1"),
                "--python-flags: devMode takes true or false, not '1'");
        refuses(List.of("--hub", "h:1", "--secret-file", "f", "--python-flags", "warnOptions=x"),
                "--python-flags: no python flag 'warnOptions'");
    }

    private static void refuses(List<String> words, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpokeCommand.parse(words),
                words.toString());
        assertTrue(e.getMessage().startsWith(why), e.getMessage());
    }
}
