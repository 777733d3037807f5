package org.spmpython.bridge.hub.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's files, shipped in this jar beside this class (no CDN, nothing fetched from
 * elsewhere), read once: the page itself and the script and style it loads.
 */
final class Assets {
    record Asset(byte[] bytes, String contentType) {
    }

    static final String PAGE = "/";

    private final Map<String, Asset> byPath;

    private Assets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    static Assets load() {
        return new Assets(Map.of(
                PAGE, read("index.html", "text/html; charset=utf-8"),
                "/dashboard.js", read("dashboard.js", "text/javascript; charset=utf-8"),
                "/dashboard.css", read("dashboard.css", "text/css; charset=utf-8"),
                "/favicon.svg", read("favicon.svg", "image/svg+xml")));
    }

    /** The asset at {@code path}, or null. */
    Asset at(String path) {
        return byPath.get(path);
    }

    private static Asset read(String name, String contentType) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the distribution");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
