package org.spmpython.natives;

import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/**
 * The CUDA driver API calls the runtime needs, bound with JNA. libcuda belongs to the NVIDIA
 * driver and is absent on most machines, so it is loaded on first use and optionally: see
 * {@link #get()}.
 */
public interface LibCuda extends Library {
    /** CUresult of a call that succeeded. */
    int CUDA_SUCCESS = 0;

    /** Writes the driver's CUDA version, 1000 * major + 10 * minor (e.g. 12040); needs no cuInit. */
    int cuDriverGetVersion(IntByReference version);

    /** libcuda when the driver is installed, else empty. Loaded once, on first call. */
    static Optional<LibCuda> get() {
        return Holder.LIBRARY;
    }

    /** Lazy, thread-safe loading (the class initialises on first use of {@link #get()}). */
    final class Holder {
        // The driver installs libcuda.so.1; the unversioned libcuda.so comes only with its
        // development files.
        private static final String[] NAMES = {"cuda", "libcuda.so.1"};
        static final Optional<LibCuda> LIBRARY = load();

        private Holder() {
        }

        private static Optional<LibCuda> load() {
            for (String name : NAMES) {
                try {
                    return Optional.of(Native.load(name, LibCuda.class));
                } catch (UnsatisfiedLinkError | NoClassDefFoundError absent) {
                    // try the next name
                }
            }
            return Optional.empty();
        }
    }
}
