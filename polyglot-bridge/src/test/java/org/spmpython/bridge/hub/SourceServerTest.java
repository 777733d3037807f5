package org.spmpython.bridge.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spmpython.bridge.wire.FetchStatus;
import org.spmpython.bridge.wire.Message;

/** The hub serves module sources only from the folders a run named, never outside them. */
class SourceServerTest {
    @TempDir
    Path root;

    private Message.Fetched fetch(SourceServer server, Path folder, String module, String known) {
        return server.answer(new Message.Fetch(1, folder.toString(), module, known));
    }

    @Test
    void servesModulesAndPackagesOfAllowedFoldersOnly() throws IOException {
        Path app = Files.createDirectories(root.resolve("app"));
        Path other = Files.createDirectories(root.resolve("other"));
        Files.writeString(app.resolve("mod.py"), "x = 1\n");
        Files.createDirectories(app.resolve("pkg"));
        Files.writeString(app.resolve("pkg/__init__.py"), "");
        Files.writeString(app.resolve("pkg/sub.py"), "y = 2\n");
        Files.writeString(other.resolve("secret.py"), "key = 'no'\n");
        SourceServer server = new SourceServer();
        server.allow(List.of(app.toString()));

        Message.Fetched mod = fetch(server, app, "mod", "");
        assertEquals(FetchStatus.FOUND.code, mod.status());
        assertEquals("x = 1\n", new String(mod.content(), StandardCharsets.UTF_8));
        assertEquals(SourceServer.sha256("x = 1\n".getBytes(StandardCharsets.UTF_8)), mod.hash());
        assertEquals(FetchStatus.UNCHANGED.code, fetch(server, app, "mod", mod.hash()).status());
        assertEquals(0, fetch(server, app, "mod", mod.hash()).content().length);
        assertEquals(app.resolve("pkg/__init__.py").toString(), fetch(server, app, "pkg", "").path());
        assertEquals(FetchStatus.FOUND.code, fetch(server, app, "pkg.sub", "").status());
        assertEquals(FetchStatus.NOT_FOUND.code, fetch(server, app, "missing", "").status());

        // Not a folder of the run; a way out of the folder by name or by link: nothing.
        assertEquals(FetchStatus.REFUSED.code, fetch(server, other, "secret", "").status());
        assertEquals(FetchStatus.REFUSED.code, fetch(server, app.resolve(".."), "other.secret", "").status());
        assertEquals(FetchStatus.NOT_FOUND.code, fetch(server, app, "..other.secret", "").status());
        assertEquals(FetchStatus.NOT_FOUND.code, fetch(server, app, "../other/secret", "").status());
        Files.createSymbolicLink(app.resolve("leak.py"), other.resolve("secret.py"));
        assertEquals(FetchStatus.NOT_FOUND.code, fetch(server, app, "leak", "").status());
    }
}
