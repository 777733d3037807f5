package org.spmpython.bridge.spoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

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
    }

    private static void refuses(List<String> words, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpokeCommand.parse(words),
                words.toString());
        assertTrue(e.getMessage().startsWith(why), e.getMessage());
    }
}
