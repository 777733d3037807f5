package org.spmpython.bridge.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions fixed at build time, known without starting GraalPy (so {@code -V} is instant). */
public final class Versions {
    private static final Properties PROPERTIES = load();

    private Versions() {
    }

    public static String spm() {
        return PROPERTIES.getProperty("spm.version");
    }

    public static String graalpy() {
        return PROPERTIES.getProperty("graalpy.version");
    }

    public static String python() {
        return PROPERTIES.getProperty("python.version");
    }

    /** The line {@code spm-python -V} prints. */
    public static String line() {
        return "spm-python " + spm() + " (GraalPy " + graalpy() + ", Python " + python() + ")";
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
