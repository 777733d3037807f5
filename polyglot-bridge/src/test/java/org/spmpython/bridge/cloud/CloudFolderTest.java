package org.spmpython.bridge.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spmpython.bridge.wire.HostPort;

/** The cloud's folder: who runs, who is gone, made owner-only, one at a time. */
class CloudFolderTest {
    @TempDir
    Path runtime;

    @Test
    void aLiveDaemonsFolderRunsOnceReadyAndADeadOnesIsStale() throws Exception {
        CloudFolder folder = new CloudFolder(runtime);
        assertEquals(CloudFolder.State.NONE, folder.state());
        assertTrue(folder.create(ProcessHandle.current().pid()));
        assertFalse(folder.create(ProcessHandle.current().pid()), "a second cloud made the same folder");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.dir())));
        assertEquals(CloudFolder.State.STARTING, folder.state());
        folder.ready(new HostPort("127.0.0.1", 4242));
        assertEquals(CloudFolder.State.RUNNING, folder.state());
        assertEquals(new HostPort("127.0.0.1", 4242), folder.address().orElseThrow());
        folder.delete();
        assertEquals(CloudFolder.State.NONE, folder.state());

        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        assertTrue(folder.create(dead.pid()));
        folder.ready(new HostPort("127.0.0.1", 4242));
        assertEquals(CloudFolder.State.STALE, folder.state());
    }
}
