package org.spmpython.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.graalvm.polyglot.Value;
import org.jline.keymap.KeyMap;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Lines from a terminal, read with JLine: line editing, history kept across sessions in the
 * user's home, and Tab completion of Python names (asked of the Python session).
 */
final class TerminalLineSource implements LineSource {
    /** History file, unless SPM_PYTHON_HISTORY names another. */
    private static final String HISTORY_FILE = ".spm_python_history";
    private static final String INDENT = "    ";
    private static final String INTERRUPT_WIDGET = "spm-interrupt";
    private static final int DEFAULT_WIDTH = 80;
    private static final int DEFAULT_HEIGHT = 24;

    private final Terminal terminal;
    private final LineReader reader;
    private final CtrlC ctrlC;

    /** @param ctrlC Ctrl-C's handler, or null when SIGINT is ignored */
    TerminalLineSource(Value session, CtrlC ctrlC) throws IOException {
        this.terminal = TerminalBuilder.builder().system(true).build();
        this.ctrlC = ctrlC;
        if (terminal.getWidth() <= 0) {
            // A pseudo-terminal nobody sized (e.g. made by a script): JLine would cut the prompt.
            terminal.setSize(new Size(DEFAULT_WIDTH, DEFAULT_HEIGHT));
        }
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("spm-python")
                .parser(new PythonWordParser())
                .completer((r, parsed, candidates) -> complete(session, parsed, candidates))
                .variable(LineReader.HISTORY_FILE, historyFile())
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false) // indented block lines too
                .build();
        // Ctrl-C is SIGINT on most terminals (JLine turns it into UserInterruptException); on a
        // terminal without ISIG it arrives as a key, and must do the same.
        reader.getWidgets().put(INTERRUPT_WIDGET, () -> {
            throw new UserInterruptException(reader.getBuffer().toString());
        });
        reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference(INTERRUPT_WIDGET), KeyMap.ctrl('C'));
    }

    private static Path historyFile() {
        String configured = System.getenv("SPM_PYTHON_HISTORY");
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), HISTORY_FILE);
    }

    private static void complete(Value session, org.jline.reader.ParsedLine parsed, List<Candidate> candidates) {
        String word = parsed.word().substring(0, parsed.wordCursor());
        if (word.isEmpty() && parsed.line().substring(0, parsed.cursor()).isBlank()) {
            // Tab at the start of a line indents, as in python's REPL.
            candidates.add(new Candidate(INDENT, INDENT, null, null, null, null, false));
            return;
        }
        for (Value match : session.invokeMember("complete", word).as(Value[].class)) {
            String text = match.asString();
            candidates.add(new Candidate(text, text, null, null, null, null, false));
        }
    }

    @Override
    public Line readLine(String prompt) {
        try {
            return Line.of(reader.readLine(prompt));
        } catch (UserInterruptException e) {
            return Line.INTERRUPTED;
        } catch (EndOfFileException e) {
            return Line.END;
        } finally {
            if (ctrlC != null) {
                // JLine takes SIGINT while it reads, and leaves it at the OS default (death) after.
                ctrlC.reinstall();
            }
        }
    }

    @Override
    public void announce(String message) {
        terminal.writer().println(message);
        terminal.writer().flush();
    }

    @Override
    public void endOfInput() {
        terminal.writer().println();
        terminal.writer().flush();
    }

    @Override
    public void close() throws IOException {
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }
}
