package org.spmpython.natives;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The C library calls the runtime needs, bound with JNA. Add a call here, not a second binding. */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    /** @return 1 when {@code fd} refers to a terminal. */
    int isatty(int fd);

    int getpid();
}
