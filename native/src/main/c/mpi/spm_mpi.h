/*
 * What the Open MPI helpers share (DESIGN §11): the state page a rank's wrapper and its preload
 * shim both map (a memfd the wrapper makes; the shim finds it by SPM_MPI_STATE_FD), and the names
 * of the blocking calls the shim watches. The shim only stores into the page (no system call on
 * an MPI call's path); the wrapper reads it while the rank runs and after it ends, and reports to
 * the spoke's host (spm-mpi-host) over the socket named by SPM_MPI_SOCK.
 */
#ifndef SPM_MPI_H
#define SPM_MPI_H

#include <stdint.h>

#define SPM_MPI_MAGIC 0x53504d31u /* "SPM1" */

/* The blocking calls the shim wraps, by index (0: none). */
#define SPM_MPI_CALLS(X) \
    X(NONE, "none") X(RECV, "MPI_Recv") X(SEND, "MPI_Send") X(SSEND, "MPI_Ssend") \
    X(SENDRECV, "MPI_Sendrecv") X(PROBE, "MPI_Probe") X(WAIT, "MPI_Wait") X(WAITALL, "MPI_Waitall") \
    X(WAITANY, "MPI_Waitany") X(WAITSOME, "MPI_Waitsome") X(BARRIER, "MPI_Barrier") \
    X(BCAST, "MPI_Bcast") X(REDUCE, "MPI_Reduce") X(ALLREDUCE, "MPI_Allreduce") \
    X(GATHER, "MPI_Gather") X(ALLGATHER, "MPI_Allgather") X(SCATTER, "MPI_Scatter") \
    X(ALLTOALL, "MPI_Alltoall") X(FINALIZE, "MPI_Finalize")

#define SPM_MPI_ENUM(id, name) SPM_CALL_##id,
enum spm_mpi_call { SPM_MPI_CALLS(SPM_MPI_ENUM) SPM_CALL_COUNT };
#undef SPM_MPI_ENUM

struct spm_mpi_state {
    uint32_t magic;
    volatile int32_t init;        /* MPI_Init(_thread) returned */
    volatile int32_t finalize;    /* MPI_Finalize returned */
    volatile int32_t aborted;     /* MPI_Abort was called ... */
    volatile int32_t abort_code;  /* ... with this code */
    volatile int32_t signal;      /* a fatal signal reached the shim's handler */
    volatile int32_t exited;      /* exit() ran (on_exit) ... */
    volatile int32_t exit_code;   /* ... with this status */
    volatile int32_t blocked;     /* now inside a watched blocking call ... */
    volatile int32_t call;        /* ... this one (enum spm_mpi_call) */
    volatile uint64_t progress;   /* bumped on every watched call's entry and exit */
    volatile int32_t shim;        /* the shim is loaded (without it init/finalize are unknown) */
    int32_t pid;                  /* the rank's pid (the wrapper's child): only that process uses the page */
};

/* The backtrace the shim's signal handler writes goes to this fd (another memfd). */
#define SPM_MPI_STATE_FD "SPM_MPI_STATE_FD"
#define SPM_MPI_TRACE_FD "SPM_MPI_TRACE_FD"
#define SPM_MPI_SOCK "SPM_MPI_SOCK"
#define SPM_MPI_SHIM "SPM_MPI_SHIM"
#define SPM_MPI_JOB_DIR "SPM_MPI_JOB_DIR"

#endif
