package org.spmpython.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The CPU's feature flags, as Linux lists them in /proc/cpuinfo. */
public final class CpuInfo {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    /** The line naming the flags: "flags" on x86, "Features" on ARM. */
    private static final List<String> KEYS = List.of("flags", "Features");

    private CpuInfo() {
    }

    /**
     * The first processor's feature flags, sorted and without repeats (on the machines this
     * runs on every core has the same); empty when /proc/cpuinfo is not there or names none.
     */
    public static List<String> flags() {
        try {
            return flags(Files.readAllLines(CPUINFO)).orElse(List.of());
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    static Optional<List<String>> flags(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && KEYS.contains(line.substring(0, colon).trim())) {
                String value = line.substring(colon + 1).trim();
                return Optional.of(value.isEmpty() ? List.of()
                        : List.copyOf(new TreeSet<>(Arrays.asList(value.split("\\s+")))));
            }
        }
        return Optional.empty();
    }
}
