/*
 * spm-mpi-agent: mpirun's launch agent (plm_rsh_agent, DESIGN §11). mpirun runs
 * `spm-mpi-agent HOST WORDS...` to start the daemon (orted) of each host of its hostfile; the
 * hosts are spokes under made-up names (spm-s<id>), so the agent asks that spoke's host
 * (spm-mpi-host, listening at $SPM_MPI_JOB_DIR/HOST.sock) to run the words, joined as a shell
 * would take them, and stays until that orted ends, exiting as it did. If mpirun dies the agent
 * dies with it (PR_SET_PDEATHSIG), and the host, seeing it gone, ends its orted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "spm_mpi.h"

/* How long the spoke's host may take to be listening (it is, before mpirun starts). */
#define CONNECT_SECONDS 30

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: spm-mpi-agent HOST COMMAND-WORDS...\n");
        return 2;
    }
    pid_t mpirun = getppid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != mpirun) {
        return 143;
    }
    const char *dir = getenv(SPM_MPI_JOB_DIR);
    if (dir == NULL || *dir == '\0') {
        fprintf(stderr, "spm-mpi-agent: %s is not set: this agent runs under spm-python's mpirun\n", SPM_MPI_JOB_DIR);
        return 2;
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if ((size_t) snprintf(addr.sun_path, sizeof addr.sun_path, "%s/%s.sock", dir, argv[1]) >= sizeof addr.sun_path) {
        fprintf(stderr, "spm-mpi-agent: the socket path for %s is too long\n", argv[1]);
        return 2;
    }
    size_t length = 8;
    for (int i = 2; i < argc; i++) {
        length += strlen(argv[i]) + 1;
    }
    char *line = malloc(length + 1);
    if (line == NULL) {
        return 126;
    }
    strcpy(line, "ORTED");
    for (int i = 2; i < argc; i++) {
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "spm-mpi-agent: a word of the command holds a newline\n");
            return 2;
        }
        strcat(line, " ");
        strcat(line, argv[i]);
    }
    strcat(line, "\n");

    int fd = -1;
    struct timespec pause = {.tv_sec = 0, .tv_nsec = 100 * 1000 * 1000};
    for (int tries = 0; tries < CONNECT_SECONDS * 10; tries++) {
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *) &addr, sizeof addr) == 0) {
            break;
        }
        if (fd >= 0) {
            close(fd);
        }
        fd = -1;
        nanosleep(&pause, NULL);
    }
    if (fd < 0) {
        fprintf(stderr, "spm-mpi-agent: no spoke answers for %s at %s\n", argv[1], addr.sun_path);
        return 255;
    }
    size_t sent = 0, total = strlen(line);
    while (sent < total) {
        ssize_t n = write(fd, line + sent, total - sent);
        if (n <= 0) {
            fprintf(stderr, "spm-mpi-agent: the spoke for %s went away\n", argv[1]);
            return 255;
        }
        sent += (size_t) n;
    }
    char answer[64];
    size_t got = 0;
    while (got < sizeof answer - 1) {
        ssize_t n = read(fd, answer + got, sizeof answer - 1 - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        got += (size_t) n;
        if (memchr(answer, '\n', got) != NULL) {
            break;
        }
    }
    answer[got] = '\0';
    int code;
    if (sscanf(answer, "EXIT %d", &code) == 1) {
        return code;
    }
    fprintf(stderr, "spm-mpi-agent: the spoke for %s went away before its orted ended\n", argv[1]);
    return 255;
}
