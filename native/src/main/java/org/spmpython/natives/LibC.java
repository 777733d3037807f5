package org.spmpython.natives;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The C library calls the runtime needs, bound with JNA. Add a call here, not a second binding. */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    /** prctl option: the signal this process gets when its parent thread dies. */
    int PR_SET_PDEATHSIG = 1;
    /** prctl option: orphaned descendants are re-parented to this process, not to init. */
    int PR_SET_CHILD_SUBREAPER = 36;
    int SIGKILL = 9;
    int SIGTERM = 15;
    /** waitpid option: do not block. */
    int WNOHANG = 1;

    /** @return 1 when {@code fd} refers to a terminal. */
    int isatty(int fd);

    int getpid();

    int getppid();

    /** The calling thread's id in the kernel (glibc 2.30+). */
    int gettid();

    /** Sends {@code sig} to {@code pid}; a negative pid names a process group. */
    int kill(int pid, int sig);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    /** Reaps child {@code pid} if it ended ({@code status} may be null); 0 while it runs, -1 if none. */
    int waitpid(int pid, int[] status, int options);

    /** Pins thread {@code tid} (0: the caller) to the cores set in {@code mask}. */
    int sched_setaffinity(int tid, long maskBytes, long[] mask);

    /** A pipe: {@code fds[0]} reads what {@code fds[1]} writes. */
    int pipe(int[] fds);

    int dup(int fd);

    /** Makes {@code newFd} refer to what {@code oldFd} does. */
    int dup2(int oldFd, int newFd);

    int close(int fd);

    /** glibc's version, e.g. "2.36" (glibc only: other C libraries lack the symbol). */
    String gnu_get_libc_version();
}
