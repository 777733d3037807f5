package org.spmpython.bridge.hub.cloud;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.spmpython.natives.ProcessTree;

/**
 * A local spoke in a process of its own ({@code spm-python spoke ... --parent <hub pid>}): a
 * crash, {@code os._exit} or {@code kill -9} of a task's spoke touches nothing else. Its output
 * goes to its slot's log.
 */
final class SpokeProcess implements LocalSpoke {
    /** In a spoke's environment, and so its tasks' processes': which spoke they came from. */
    static final String MARK = "SPM_SPOKE_MARK";

    private final Process process;
    private final String mark;

    private SpokeProcess(Process process, String mark) {
        this.process = process;
        this.mark = mark;
    }

    static SpokeProcess start(List<String> command, Path log) throws IOException {
        String mark = UUID.randomUUID().toString();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put(MARK, mark);
        return new SpokeProcess(builder.start(), mark);
    }

    @Override
    public void endOrphans() {
        ProcessTree.endMarked(MARK + "=" + mark);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<String> ended() {
        return process.onExit().thenApply(p -> "its process ended with status " + p.exitValue());
    }

    @Override
    public void stop() {
        process.destroy();
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }
}
