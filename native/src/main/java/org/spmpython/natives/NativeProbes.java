package org.spmpython.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.sun.jna.ptr.IntByReference;

/**
 * What preload probes ask of the machine (DESIGN §9), for {@code spm.sys.native} in Python: the
 * CUDA driver's version, the glibc version, the CPU's flags, the libraries an ELF file needs.
 * Public methods are what Python sees. Nothing here throws into Python: an answer that can fail
 * is an {@link Answer} (the bridge's rule, outcomes are values across the boundary).
 */
public final class NativeProbes {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.native";

    /** A value, or why there is none: {@code failureKind} is "missing", "folder", "io" or "format". */
    public record Answer(List<String> value, String failure, String failureKind) {
        static Answer of(List<String> value) {
            return new Answer(value, null, null);
        }

        static Answer failed(String kind, String why) {
            return new Answer(null, why, kind);
        }
    }

    /**
     * The CUDA version of the installed driver, 1000 * major + 10 * minor (e.g. 12040), from
     * libcuda's cuDriverGetVersion; null when libcuda is absent or the call fails.
     */
    public Integer cudaDriverVersion() {
        Optional<LibCuda> cuda = LibCuda.get();
        if (cuda.isEmpty()) {
            return null;
        }
        IntByReference version = new IntByReference();
        return cuda.get().cuDriverGetVersion(version) == LibCuda.CUDA_SUCCESS ? version.getValue() : null;
    }

    /** glibc's version ("2.36"); null with another C library. */
    public String glibcVersion() {
        try {
            return LibC.INSTANCE.gnu_get_libc_version();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError notGlibc) {
            return null;
        }
    }

    /** The CPU's feature flags (sorted); empty where the OS does not list them. */
    public List<String> cpuFlags() {
        return CpuInfo.flags();
    }

    /** The DT_NEEDED entries of the ELF file at {@code path}, in the file's order. */
    public Answer elfNeeded(String path) {
        if (Files.isDirectory(Path.of(path))) {
            return Answer.failed("folder", "a folder, not an ELF file: " + path);
        }
        try {
            return Answer.of(ElfFile.neededLibraries(Path.of(path)));
        } catch (NoSuchFileException e) {
            return Answer.failed("missing", "no such file: " + path);
        } catch (ElfFormatException e) {
            return Answer.failed("format", e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Answer.failed("io", "cannot read " + path + ": " + e);
        }
    }
}
