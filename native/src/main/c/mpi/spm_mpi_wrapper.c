/*
 * spm-mpi-wrapper: the rank wrapper (mpirun's orte_fork_agent, DESIGN §11). orted runs
 * `spm-mpi-wrapper ./app args...` for each rank; the wrapper
 *  - arms PR_SET_PDEATHSIG, so that the rank cannot outlive its orted (a rank that has not
 *    reached MPI_Init survives a SIGKILL of mpirun and orted otherwise: the one leak measured);
 *  - connects to its spoke's host (spm-mpi-host) and says which rank it is: SPM_MPI_SOCK lists
 *    the sockets of the server's spokes (they share this orted) by local rank, ':' between;
 *  - ends its rank (SIGKILL) if that host goes away: the rank is tied to its spoke;
 *  - runs the app as its child with the preload shim (SPM_MPI_SHIM) in LD_PRELOAD, for the app
 *    only, sharing a state page with it (a memfd) and a second memfd for a crash's backtrace;
 *  - while the rank runs, tells the host when it is stuck in a blocking MPI call, and in which,
 *    and when it is no longer (sampled every 50 ms);
 *  - when the rank ends, reports what the shim saw and how it ended, then ends the same way
 *    (same exit status, or same signal), so orted and mpirun see what they would without it.
 * Without SPM_MPI_SOCK (not under spm-python) it runs the app as it is.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spm_mpi.h"

static int host = -1;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (host >= 0 && n > 0) {
        if (write(host, line, (size_t) n < sizeof line ? (size_t) n : sizeof line - 1) < 0) {
            /* the host is gone: the spoke ends this job anyway */
        }
    }
}

static int connect_host(const char *path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (fd < 0 || strlen(path) >= sizeof addr.sun_path) {
        return -1;
    }
    strcpy(addr.sun_path, path);
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The local rank's entry of SPM_MPI_SOCK (the first if there are fewer), copied into `out`. */
static const char *own_socket(const char *socks, char *out, size_t size) {
    const char *local = getenv("OMPI_COMM_WORLD_LOCAL_RANK");
    int index = local != NULL ? atoi(local) : 0;
    const char *start = socks;
    for (int i = 0; i < index; i++) {
        const char *colon = strchr(start, ':');
        if (colon == NULL) {
            start = socks;
            break;
        }
        start = colon + 1;
    }
    const char *end = strchr(start, ':');
    size_t n = end != NULL ? (size_t) (end - start) : strlen(start);
    snprintf(out, size, "%.*s", (int) n, start);
    return out;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: spm-mpi-wrapper APP [ARGS...]\n");
        return 2;
    }
    pid_t orted = getppid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != orted) {
        return 137;
    }
    const char *sock = getenv(SPM_MPI_SOCK);
    const char *shim = getenv(SPM_MPI_SHIM);
    if (sock == NULL || *sock == '\0') {
        execvp(argv[1], argv + 1);
        fprintf(stderr, "spm-mpi-wrapper: %s: %s\n", argv[1], strerror(errno));
        return errno == ENOENT ? 127 : 126;
    }
    char own[4096];
    sock = own_socket(sock, own, sizeof own);
    host = connect_host(sock);
    if (host < 0) {
        fprintf(stderr, "spm-mpi-wrapper: cannot reach this spoke's host at %s: %s\n", sock, strerror(errno));
        return 125;
    }
    const char *rank_text = getenv("OMPI_COMM_WORLD_RANK");
    int rank = rank_text != NULL ? atoi(rank_text) : -1;

    int state_fd = memfd_create("spm-mpi-state", 0);
    int trace_fd = memfd_create("spm-mpi-trace", 0);
    if (state_fd < 0 || trace_fd < 0 || ftruncate(state_fd, sizeof(struct spm_mpi_state)) != 0) {
        perror("spm-mpi-wrapper: memfd");
        return 126;
    }
    struct spm_mpi_state *st = mmap(NULL, sizeof *st, PROT_READ | PROT_WRITE, MAP_SHARED, state_fd, 0);
    if (st == MAP_FAILED) {
        perror("spm-mpi-wrapper: mmap");
        return 126;
    }
    st->magic = SPM_MPI_MAGIC;

    pid_t app = fork();
    if (app < 0) {
        perror("spm-mpi-wrapper: fork");
        return 126;
    }
    if (app == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        st->pid = getpid(); /* the page is this process's, through its execs */
        char number[16];
        snprintf(number, sizeof number, "%d", state_fd);
        setenv(SPM_MPI_STATE_FD, number, 1);
        snprintf(number, sizeof number, "%d", trace_fd);
        setenv(SPM_MPI_TRACE_FD, number, 1);
        if (shim != NULL && *shim != '\0') {
            const char *old = getenv("LD_PRELOAD");
            char *preload;
            if (old != NULL && *old != '\0' && asprintf(&preload, "%s:%s", shim, old) > 0) {
                setenv("LD_PRELOAD", preload, 1);
            } else {
                setenv("LD_PRELOAD", shim, 1);
            }
        }
        execvp(argv[1], argv + 1);
        fprintf(stderr, "spm-mpi-wrapper: %s: %s\n", argv[1], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    say("RANK %d %d\n", rank, (int) app);

    /* While it runs: its blocking calls, sampled every 50 ms; the host watched (it never writes). */
    int status = 0;
    int32_t blocked = 0, call = 0;
    uint64_t progress = 0;
    int host_gone = 0;
    for (;;) {
        pid_t done = waitpid(app, &status, WNOHANG);
        if (done == app) {
            break;
        }
        if (done < 0 && errno != EINTR) {
            perror("spm-mpi-wrapper: waitpid");
            return 126;
        }
        /* Blocked means stuck: in a watched call with no call entered or left since the last
         * sample. Said only when that changes, so that a rank busy in MPI (a ping-pong) costs
         * the host nothing while it runs. */
        int32_t stuck = st->blocked && st->progress == progress;
        int32_t now_call = stuck ? st->call : 0;
        progress = st->progress;
        if (stuck != blocked || now_call != call) {
            blocked = stuck;
            call = now_call;
            say("STATE %d %d\n", blocked, call);
        }
        struct pollfd watch = {.fd = host, .events = POLLIN};
        if (!host_gone && poll(&watch, 1, 50) > 0) {
            char byte;
            if (read(host, &byte, 1) <= 0) {
                host_gone = 1; /* this rank's spoke is gone: so is the rank */
                kill(app, SIGKILL);
            }
        } else if (host_gone) {
            struct timespec tick = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
            nanosleep(&tick, NULL);
        }
    }

    /* The backtrace the shim wrote, a line each. */
    off_t size = lseek(trace_fd, 0, SEEK_END);
    if (size > 0) {
        char *text = malloc((size_t) size + 1);
        if (text != NULL && pread(trace_fd, text, (size_t) size, 0) == size) {
            text[size] = '\0';
            for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
                say("BT %.400s\n", line);
            }
        }
        free(text);
    }
    int by_signal = WIFSIGNALED(status);
    int value = by_signal ? WTERMSIG(status) : WEXITSTATUS(status);
    /* Without the shim (SPM_MPI_NO_SHIM, or it failed to load) what the rank did in MPI is unknown: -1. */
    say("END %d %d %d %d %d %d %d %s %d\n", st->shim ? st->init : -1, st->shim ? st->finalize : -1, st->aborted, st->abort_code, st->signal,
        st->exited, st->exit_code, by_signal ? "signal" : "exit", value);
    close(host);
    if (by_signal) {
        signal(value, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, 0);
        kill(getpid(), value);
        return 128 + value;
    }
    return value;
}
