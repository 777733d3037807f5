package org.spmpython.bridge.hub.cloud;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A local spoke in a process of its own ({@code spm-python spoke ... --parent <hub pid>}): a
 * crash, {@code os._exit} or {@code kill -9} of a task's spoke touches nothing else. Its output
 * goes to its slot's log.
 */
final class SpokeProcess implements LocalSpoke {
    private final Process process;

    private SpokeProcess(Process process) {
        this.process = process;
    }

    static SpokeProcess start(List<String> command, Path log) throws IOException {
        return new SpokeProcess(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start());
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
