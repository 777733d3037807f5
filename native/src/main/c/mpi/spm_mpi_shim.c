/*
 * libspm-mpi-shim.so: the preload shim of an MPI rank (DESIGN §11), LD_PRELOADed into the app
 * (and only the app) by spm-mpi-wrapper. Through the PMPI profiling interface it learns that the
 * rank reached MPI_Init and MPI_Finalize or called MPI_Abort, and in which blocking call it waits
 * (for deadlock detection); a constructor installs handlers for the fatal signals that write a
 * backtrace and re-raise, and on_exit learns the exit status. It only stores into the state page
 * the wrapper shares with it: an MPI call costs a few stores more (16 instructions a call,
 * measured with callgrind), no system call. Only the rank's own process uses the page (its pid
 * is in it), through any chain of execs (`sh -c ./app`, `valgrind ./app`): MPI_Init, not the
 * constructor, takes the shim out of the environment, so the program that calls it has the
 * shim; the rank's other children leave the page alone. Without the wrapper's page (the app run
 * by hand under LD_PRELOAD) it stays out of the way.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <mpi.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "spm_mpi.h"

static struct spm_mpi_state none;
static struct spm_mpi_state *st = &none;
static int trace_fd = -1;
static char alt_stack[64 * 1024];

static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

static void on_fatal(int sig) {
    st->signal = sig;
    if (trace_fd >= 0) {
        void *frames[64];
        int n = backtrace(frames, 64);
        backtrace_symbols_fd(frames, n, trace_fd);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_end(int status, void *arg) {
    (void) arg;
    st->exit_code = status;
    st->exited = 1;
}

static int fd_from(const char *name) {
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') {
        return -1;
    }
    char *end;
    long fd = strtol(v, &end, 10);
    return *end == '\0' && fd >= 0 ? (int) fd : -1;
}

__attribute__((constructor)) static void spm_shim_start(void) {
    int fd = fd_from(SPM_MPI_STATE_FD);
    if (fd < 0) {
        return;
    }
    struct spm_mpi_state *page = mmap(NULL, sizeof *page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (page == MAP_FAILED) {
        return;
    }
    if (page->pid != getpid()) {
        /* A child of the rank (a shell command it runs), not the rank: the page is not its own. */
        munmap(page, sizeof *page);
        return;
    }
    /* The fd stays open: the rank may exec its program yet (sh -c, valgrind). */
    st = page;
    st->shim = 1;
    trace_fd = fd_from(SPM_MPI_TRACE_FD);
    /* backtrace() loads libgcc on its first call: not in a signal handler. */
    void *warm[1];
    backtrace(warm, 1);
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        sigaction(fatal[i], &sa, NULL);
    }
    on_exit(on_end, NULL);
}

/* LD_PRELOAD without this shim's own entry: not for the app's own children. */
static void leave_the_environment(void) {
    Dl_info self;
    const char *preload = getenv("LD_PRELOAD");
    unsetenv(SPM_MPI_STATE_FD);
    unsetenv(SPM_MPI_TRACE_FD);
    if (preload == NULL || dladdr((void *) leave_the_environment, &self) == 0 || self.dli_fname == NULL) {
        return;
    }
    char *rest = malloc(strlen(preload) + 1);
    if (rest == NULL) {
        return;
    }
    rest[0] = '\0';
    char *copy = strdup(preload), *save = NULL;
    for (char *entry = copy ? strtok_r(copy, ": ", &save) : NULL; entry; entry = strtok_r(NULL, ": ", &save)) {
        if (strcmp(entry, self.dli_fname) != 0) {
            strcat(strcat(rest, rest[0] ? ":" : ""), entry);
        }
    }
    if (rest[0]) {
        setenv("LD_PRELOAD", rest, 1);
    } else {
        unsetenv("LD_PRELOAD");
    }
    free(copy);
    free(rest);
}

#define ENTER(id) (st->call = SPM_CALL_##id, st->blocked = 1, st->progress++)
#define LEAVE() (st->blocked = 0, st->progress++)

int MPI_Init(int *argc, char ***argv) {
    leave_the_environment(); /* before PMPI_Init starts threads that may read the environment */
    int rc = PMPI_Init(argc, argv);
    st->init = 1;
    return rc;
}

int MPI_Init_thread(int *argc, char ***argv, int required, int *provided) {
    leave_the_environment();
    int rc = PMPI_Init_thread(argc, argv, required, provided);
    st->init = 1;
    return rc;
}

int MPI_Finalize(void) {
    ENTER(FINALIZE);
    int rc = PMPI_Finalize();
    LEAVE();
    st->finalize = 1;
    return rc;
}

int MPI_Abort(MPI_Comm comm, int code) {
    st->abort_code = code;
    st->aborted = 1;
    return PMPI_Abort(comm, code);
}

int MPI_Recv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Status *status) {
    ENTER(RECV);
    int rc = PMPI_Recv(buf, count, type, source, tag, comm, status);
    LEAVE();
    return rc;
}

int MPI_Send(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm) {
    ENTER(SEND);
    int rc = PMPI_Send(buf, count, type, dest, tag, comm);
    LEAVE();
    return rc;
}

int MPI_Ssend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm) {
    ENTER(SSEND);
    int rc = PMPI_Ssend(buf, count, type, dest, tag, comm);
    LEAVE();
    return rc;
}

int MPI_Sendrecv(const void *sbuf, int scount, MPI_Datatype stype, int dest, int stag, void *rbuf, int rcount,
                 MPI_Datatype rtype, int source, int rtag, MPI_Comm comm, MPI_Status *status) {
    ENTER(SENDRECV);
    int rc = PMPI_Sendrecv(sbuf, scount, stype, dest, stag, rbuf, rcount, rtype, source, rtag, comm, status);
    LEAVE();
    return rc;
}

int MPI_Probe(int source, int tag, MPI_Comm comm, MPI_Status *status) {
    ENTER(PROBE);
    int rc = PMPI_Probe(source, tag, comm, status);
    LEAVE();
    return rc;
}

int MPI_Wait(MPI_Request *request, MPI_Status *status) {
    ENTER(WAIT);
    int rc = PMPI_Wait(request, status);
    LEAVE();
    return rc;
}

int MPI_Waitall(int count, MPI_Request requests[], MPI_Status statuses[]) {
    ENTER(WAITALL);
    int rc = PMPI_Waitall(count, requests, statuses);
    LEAVE();
    return rc;
}

int MPI_Waitany(int count, MPI_Request requests[], int *index, MPI_Status *status) {
    ENTER(WAITANY);
    int rc = PMPI_Waitany(count, requests, index, status);
    LEAVE();
    return rc;
}

int MPI_Waitsome(int incount, MPI_Request requests[], int *outcount, int indices[], MPI_Status statuses[]) {
    ENTER(WAITSOME);
    int rc = PMPI_Waitsome(incount, requests, outcount, indices, statuses);
    LEAVE();
    return rc;
}

int MPI_Barrier(MPI_Comm comm) {
    ENTER(BARRIER);
    int rc = PMPI_Barrier(comm);
    LEAVE();
    return rc;
}

int MPI_Bcast(void *buf, int count, MPI_Datatype type, int root, MPI_Comm comm) {
    ENTER(BCAST);
    int rc = PMPI_Bcast(buf, count, type, root, comm);
    LEAVE();
    return rc;
}

int MPI_Reduce(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm) {
    ENTER(REDUCE);
    int rc = PMPI_Reduce(sbuf, rbuf, count, type, op, root, comm);
    LEAVE();
    return rc;
}

int MPI_Allreduce(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm) {
    ENTER(ALLREDUCE);
    int rc = PMPI_Allreduce(sbuf, rbuf, count, type, op, comm);
    LEAVE();
    return rc;
}

int MPI_Gather(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
               int root, MPI_Comm comm) {
    ENTER(GATHER);
    int rc = PMPI_Gather(sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
    LEAVE();
    return rc;
}

int MPI_Allgather(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
                  MPI_Comm comm) {
    ENTER(ALLGATHER);
    int rc = PMPI_Allgather(sbuf, scount, stype, rbuf, rcount, rtype, comm);
    LEAVE();
    return rc;
}

int MPI_Scatter(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
                int root, MPI_Comm comm) {
    ENTER(SCATTER);
    int rc = PMPI_Scatter(sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
    LEAVE();
    return rc;
}

int MPI_Alltoall(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
                 MPI_Comm comm) {
    ENTER(ALLTOALL);
    int rc = PMPI_Alltoall(sbuf, scount, stype, rbuf, rcount, rtype, comm);
    LEAVE();
    return rc;
}
