/*
 * spm-mpi-host: a spoke's part of an MPI job (DESIGN §11). The spoke's task runs it as a
 * co-process (under spm-coproc-guard, so it dies with the spoke):
 *
 *   spm-mpi-host JOB_DIR TOKEN
 *
 * It listens at JOB_DIR/TOKEN.sock and says so in JOB_DIR/TOKEN.ready (its pid) — the hub
 * starts mpirun once every spoke of the job is ready. A server's spokes share one orted (one
 * hostfile line per server, a slot per spoke: its ranks talk through shared memory); the hub
 * names them, in local-rank order, in JOB_DIR/LEADER.local, where LEADER is the token of the
 * spoke that hosts the orted. mpirun's launch agent (spm-mpi-agent) connects to the leader and
 * sends the orted command; the leader tells each follower (a LEADER line on its socket) and runs
 * the command with sh -c (orted's output goes to JOB_DIR/TOKEN.log), with SPM_MPI_SOCK (the
 * server's spokes' sockets, by local rank) and SPM_MPI_SHIM set for the rank wrappers. Each
 * wrapper connects to its own spoke's host and reports its rank's life there; it ends its rank
 * if that host goes away (the spoke was killed). While ranks run, JOB_DIR/TOKEN.state says
 * which are blocked in which MPI call since when (the hub's deadlock detection).
 * The leader: when orted ends it tells the agent its status, waits briefly for the wrappers'
 * last words, prints the outcome (one line for orted, one per rank, the backtrace lines) on
 * stdout, and exits 0; SIGTERM (the hub ending the job, or the task's end) or the agent going
 * away (mpirun died) ends orted: SIGTERM, then SIGKILL after a grace; the wrappers and ranks
 * follow it (PR_SET_PDEATHSIG). A follower ends the same way once the leader's host has gone
 * (or on SIGTERM), after its rank's last words; its orted line says "shared".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spm_mpi.h"

#define MAX_CONN 130
#define MAX_RANKS 128
#define MAX_TRACE 64
#define GRACE_MS 2000
#define DRAIN_MS 2000

#define SPM_MPI_NAME(id, name) name,
static const char *call_names[] = {SPM_MPI_CALLS(SPM_MPI_NAME)};

struct conn {
    int fd;
    int rank; /* -1: not said yet; -2: the agent; -3: the server's leader (this host is a follower) */
    char buf[1024];
    size_t len;
};

struct rank {
    int used, rank, pid;
    int blocked, call;
    long long since;
    int ended;
    char end[128]; /* the wrapper's END fields */
    long long end_ms;
    int ntrace;
    char *trace[MAX_TRACE];
};

static struct conn conns[MAX_CONN];
static struct rank ranks[MAX_RANKS];
static const char *dir, *token;
static volatile sig_atomic_t terminate;
static pid_t orted = -1;
static int orted_status = -1;
static long long orted_ms, kill_at = -1;
static int agent_gone, agent_fd = -1, ended_by_hub, follower;
static long long drain_until = -1;

static long long now_ms(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long) tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void on_term(int sig) {
    (void) sig;
    terminate = 1;
}

static char *path_of(const char *suffix) {
    static char paths[4][PATH_MAX];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, PATH_MAX, "%s/%s%s", dir, token, suffix);
    return p;
}

static void write_atomically(const char *path, const char *text) {
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        return;
    }
    fputs(text, f);
    fclose(f);
    rename(tmp, path);
}

static struct rank *rank_of(int r) {
    for (int i = 0; i < MAX_RANKS; i++) {
        if (ranks[i].used && ranks[i].rank == r) {
            return &ranks[i];
        }
    }
    for (int i = 0; i < MAX_RANKS; i++) {
        if (!ranks[i].used) {
            ranks[i].used = 1;
            ranks[i].rank = r;
            return &ranks[i];
        }
    }
    return NULL;
}

static void write_state(void) {
    char text[MAX_RANKS * 64] = "";
    size_t off = 0;
    for (int i = 0; i < MAX_RANKS; i++) {
        struct rank *k = &ranks[i];
        if (k->used && off < sizeof text - 64) {
            off += (size_t) snprintf(text + off, sizeof text - off, "%d %d %s %lld %d\n", k->rank, k->blocked,
                                     call_names[k->call], k->since, k->ended);
        }
    }
    write_atomically(path_of(".state"), text);
}

static int connect_to(const char *path) {
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
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

/* The sockets of this server's spokes by local rank (JOB_DIR/TOKEN.local; without it, this
 * spoke alone), joined by ':' into `socks`; each follower is told that this host leads. */
static void lead_the_server(char *socks, size_t size) {
    snprintf(socks, size, "%s", path_of(".sock"));
    FILE *f = fopen(path_of(".local"), "r");
    if (f == NULL) {
        return;
    }
    char word[256];
    size_t off = 0;
    socks[0] = '\0';
    while (fscanf(f, "%255s", word) == 1) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s.sock", dir, word);
        off += (size_t) snprintf(socks + off, off < size ? size - off : 0, "%s%s", off ? ":" : "", path);
        if (strcmp(word, token) != 0) {
            int fd = connect_to(path);
            if (fd >= 0 && write(fd, "LEADER\n", 7) != 7) {
                close(fd);
            }
            /* kept open (close-on-exec) until this host exits: the follower's sign to end */
        }
    }
    fclose(f);
}

static void start_orted(const char *command) {
    static char sock[64 * PATH_MAX];
    char shim[PATH_MAX + 32], self[PATH_MAX];
    lead_the_server(sock, sizeof sock);
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(self, '/');
    if (slash != NULL) {
        *slash = '\0';
    }
    snprintf(shim, sizeof shim, "%s/libspm-mpi-shim.so", self);
    orted = fork();
    if (orted == 0) {
        signal(SIGTERM, SIG_DFL);
        setenv(SPM_MPI_SOCK, sock, 1);
        /* SPM_MPI_NO_SHIM: the ranks without the shim (bench/mpi.py measures what it costs). */
        if (access(shim, R_OK) == 0 && getenv("SPM_MPI_NO_SHIM") == NULL) {
            setenv(SPM_MPI_SHIM, shim, 1);
        }
        int in = open("/dev/null", O_RDONLY);
        int log = open(path_of(".log"), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (in >= 0) {
            dup2(in, 0);
        }
        if (log >= 0) {
            dup2(log, 1);
            dup2(log, 2);
        }
        execl("/bin/sh", "sh", "-c", command, (char *) NULL);
        _exit(127);
    }
}

static void end_orted(void) {
    if (orted > 0 && orted_status < 0 && kill_at < 0) {
        kill(orted, SIGTERM);
        kill_at = now_ms() + GRACE_MS;
    }
}

static void on_line(struct conn *c, char *line) {
    if (c->rank == -1 && strncmp(line, "ORTED ", 6) == 0) {
        c->rank = -2;
        agent_fd = c->fd;
        if (orted < 0 && !terminate) {
            start_orted(line + 6);
        }
        return;
    }
    if (c->rank == -1 && strcmp(line, "LEADER") == 0) {
        c->rank = -3;
        follower = 1;
        return;
    }
    int r, pid, blocked, call;
    if (c->rank == -1 && sscanf(line, "RANK %d %d", &r, &pid) == 2) {
        struct rank *k = rank_of(r);
        if (k != NULL) {
            k->pid = pid;
            k->since = now_ms();
            c->rank = r;
            write_state();
        }
        return;
    }
    struct rank *k = c->rank >= 0 ? rank_of(c->rank) : NULL;
    if (k == NULL) {
        return;
    }
    if (sscanf(line, "STATE %d %d", &blocked, &call) == 2) {
        k->blocked = blocked;
        k->call = call >= 0 && call < SPM_CALL_COUNT ? call : 0;
        k->since = now_ms();
        write_state();
    } else if (strncmp(line, "BT ", 3) == 0 && k->ntrace < MAX_TRACE) {
        k->trace[k->ntrace++] = strdup(line + 3);
    } else if (strncmp(line, "END ", 4) == 0) {
        snprintf(k->end, sizeof k->end, "%s", line + 4);
        k->ended = 1;
        k->end_ms = now_ms();
        write_state();
    }
}

static void on_closed(struct conn *c) {
    if (c->rank == -2) {
        agent_fd = -1;
        if (orted_status < 0) {
            agent_gone = 1;
            end_orted();
        }
    } else if (c->rank == -3) {
        /* The leader's host is gone (its orted ended): this follower's rank's last words, then the end. */
        if (drain_until < 0) {
            drain_until = now_ms() + DRAIN_MS;
        }
    } else if (c->rank >= 0) {
        struct rank *k = rank_of(c->rank);
        if (k != NULL && !k->ended) {
            k->ended = 1;
            k->end_ms = now_ms();
            snprintf(k->end, sizeof k->end, "lost");
            write_state();
        }
    }
    close(c->fd);
    c->fd = -1;
}

static void read_conn(struct conn *c) {
    ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
    if (n <= 0) {
        if (n < 0 && errno == EINTR) {
            return;
        }
        on_closed(c);
        return;
    }
    c->len += (size_t) n;
    c->buf[c->len] = '\0';
    char *start = c->buf, *nl;
    while ((nl = strchr(start, '\n')) != NULL) {
        *nl = '\0';
        on_line(c, start);
        start = nl + 1;
    }
    c->len = strlen(start);
    memmove(c->buf, start, c->len + 1);
    if (c->len == sizeof c->buf - 1) {
        c->len = 0; /* a line too long: dropped */
    }
}

static int live_ranks(void) {
    int n = 0;
    for (int i = 0; i < MAX_CONN; i++) {
        n += conns[i].fd >= 0 && conns[i].rank != -2 && conns[i].rank != -3;
    }
    return n;
}

static void print_outcome(void) {
    if (orted < 0 && follower) {
        printf("orted\tshared\t0\t%lld\t%d\t%d\n", now_ms(), agent_gone, ended_by_hub);
    } else if (orted_status < 0) {
        printf("orted\tnone\t0\t%lld\t%d\t%d\n", now_ms(), agent_gone, ended_by_hub);
    } else if (WIFSIGNALED(orted_status)) {
        printf("orted\tsignal\t%d\t%lld\t%d\t%d\n", WTERMSIG(orted_status), orted_ms, agent_gone, ended_by_hub);
    } else {
        printf("orted\texit\t%d\t%lld\t%d\t%d\n", WEXITSTATUS(orted_status), orted_ms, agent_gone, ended_by_hub);
    }
    for (int i = 0; i < MAX_RANKS; i++) {
        struct rank *k = &ranks[i];
        if (!k->used) {
            continue;
        }
        printf("rank\t%d\t%d\t%lld\t%s\t%s\n", k->rank, k->pid, k->ended ? k->end_ms : now_ms(),
               k->blocked ? call_names[k->call] : "-", k->ended ? k->end : "lost");
        for (int t = 0; t < k->ntrace; t++) {
            printf("bt\t%d\t%s\n", k->rank, k->trace[t]);
        }
    }
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: spm-mpi-host JOB_DIR TOKEN\n");
        return 2;
    }
    dir = argv[1];
    token = argv[2];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < MAX_CONN; i++) {
        conns[i].fd = -1;
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if ((size_t) snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path_of(".sock")) >= sizeof addr.sun_path) {
        fprintf(stderr, "spm-mpi-host: the socket path %s/%s.sock is too long\n", dir, token);
        return 2;
    }
    int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unlink(addr.sun_path);
    if (lfd < 0 || bind(lfd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(lfd, 64) != 0) {
        fprintf(stderr, "spm-mpi-host: cannot listen at %s: %s\n", addr.sun_path, strerror(errno));
        return 1;
    }
    char ready[32];
    snprintf(ready, sizeof ready, "%d\n", (int) getpid());
    write_atomically(path_of(".ready"), ready);

    for (;;) {
        if (terminate && !ended_by_hub) {
            ended_by_hub = 1;
            if (orted < 0 && live_ranks() == 0) {
                break;
            }
            if (orted < 0 && drain_until < 0) {
                /* A follower: its rank goes with the leader's orted, or with this host. */
                drain_until = now_ms() + GRACE_MS + DRAIN_MS;
            }
            end_orted();
        }
        if (orted > 0 && orted_status < 0) {
            int status;
            if (waitpid(orted, &status, WNOHANG) == orted) {
                orted_status = status;
                orted_ms = now_ms();
                if (agent_fd >= 0) {
                    char answer[32];
                    int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
                    int n = snprintf(answer, sizeof answer, "EXIT %d\n", code);
                    if (write(agent_fd, answer, (size_t) n) < 0) {
                        /* mpirun is gone already */
                    }
                }
                drain_until = now_ms() + DRAIN_MS;
            } else if (kill_at >= 0 && now_ms() >= kill_at) {
                kill(orted, SIGKILL);
                kill_at = LLONG_MAX;
            }
        }
        if (drain_until >= 0 && (live_ranks() == 0 || now_ms() >= drain_until)) {
            break;
        }
        struct pollfd fds[MAX_CONN + 1];
        int map[MAX_CONN + 1];
        int n = 0;
        fds[n].fd = lfd;
        fds[n].events = POLLIN;
        map[n++] = -1;
        for (int i = 0; i < MAX_CONN; i++) {
            if (conns[i].fd >= 0) {
                fds[n].fd = conns[i].fd;
                fds[n].events = POLLIN;
                map[n++] = i;
            }
        }
        if (poll(fds, (nfds_t) n, 50) < 0) {
            continue;
        }
        for (int i = 0; i < n; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                continue;
            }
            if (map[i] < 0) {
                int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
                for (int j = 0; fd >= 0 && j < MAX_CONN; j++) {
                    if (conns[j].fd < 0) {
                        conns[j] = (struct conn){.fd = fd, .rank = -1, .len = 0};
                        fd = -1;
                    }
                }
                if (fd >= 0) {
                    close(fd);
                }
            } else {
                read_conn(&conns[map[i]]);
            }
        }
    }
    close(lfd);
    unlink(path_of(".sock"));
    print_outcome();
    return 0;
}
