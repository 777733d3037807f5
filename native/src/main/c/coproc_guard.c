/*
 * spm-coproc-guard: runs a co-process command so that it cannot outlive its spoke.
 *
 *   spm-coproc-guard COMMAND [ARGS...]
 *
 * spm.util.coprocess starts every co-process through this guard, as the leader of a process
 * group of its own. A spoke ends a group itself (SIGTERM, then SIGKILL after a grace) on a
 * timeout or at the end of a task; but a spoke that is killed (kill -9, the OOM killer) cannot.
 * The kernel then tells the guard (PR_SET_PDEATHSIG), and the guard kills its whole group. The
 * guard otherwise stays out of the way: the command inherits stdin/stdout/stderr, and the guard
 * exits as the command did (the same status, or the same signal).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t spoke;

/* The parent-death signal, or the spoke ending the group (SIGTERM to every member). */
static void on_term(int sig) {
    (void) sig;
    if (getppid() != spoke) {
        /* The spoke is gone: nobody else will end this group. */
        kill(0, SIGKILL);
        _exit(137);
    }
    /* The spoke's own SIGTERM reached the command as well; wait for it below. */
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: spm-coproc-guard COMMAND [ARGS...]\n");
        return 2;
    }
    spoke = getppid();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != spoke) {
        /* Could not arm it, or the spoke died before it was armed. */
        return 137;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("spm-coproc-guard: fork");
        return 126;
    }
    if (child == 0) {
        signal(SIGTERM, SIG_DFL);
        execvp(argv[1], argv + 1);
        fprintf(stderr, "spm-coproc-guard: %s: %s\n", argv[1], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("spm-coproc-guard: waitpid");
            return 126;
        }
    }
    if (WIFSIGNALED(status)) {
        /* End the same way, so the spoke sees the command's signal. */
        int sig = WTERMSIG(status);
        signal(sig, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, 0);
        kill(getpid(), sig);
        return 128 + sig;
    }
    return WEXITSTATUS(status);
}
