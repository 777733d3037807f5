/*
 * mpi_faults (built with mpicc -g -rdynamic, so that the backtrace names crash_here): an MPI program that goes wrong on purpose, for the fault tests of the Open MPI
 * manager (DESIGN §11). `mpi_faults MODE RANK`: rank RANK does MODE, the others wait for it in
 * MPI_Barrier (so that they are collateral), then everyone finalizes.
 *   ok          nothing goes wrong
 *   segv        a NULL dereference in a function of its own (crash_here), so a frame is named
 *   exit3       exit(3) before MPI_Finalize
 *   nofinalize  exit(0) without MPI_Finalize
 *   abort7      MPI_Abort(MPI_COMM_WORLD, 7)
 *   hang        sleeps for ever (outside MPI)
 *   deadlock    every rank calls MPI_Recv from its neighbour, nobody sends
 *   beforeinit  every rank sleeps for ever before MPI_Init (the leak measured on mpirun -9)
 *   pingpong N  ranks 0 and 1 exchange N one-int messages; rank 0 prints the seconds it took
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) void crash_here(volatile int *p) {
    *p = 42;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "ok";
    if (strcmp(mode, "beforeinit") == 0) {
        for (;;) {
            pause();
        }
    }
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (strcmp(mode, "pingpong") == 0) {
        int n = argc > 2 ? atoi(argv[2]) : 10000, v = 0;
        double t0 = MPI_Wtime();
        for (int i = 0; i < n; i++) {
            if (rank == 0) {
                MPI_Send(&v, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);
                MPI_Recv(&v, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else if (rank == 1) {
                MPI_Recv(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                v++;
                MPI_Send(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
            }
        }
        if (rank == 0) {
            printf("pingpong %d %.6f\n", n, MPI_Wtime() - t0);
        }
        MPI_Finalize();
        return 0;
    }
    if (strcmp(mode, "deadlock") == 0) {
        int v;
        MPI_Recv(&v, 1, MPI_INT, (rank + 1) % size, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    int who = argc > 2 ? atoi(argv[2]) : 0;
    printf("rank %d of %d up\n", rank, size);
    fflush(stdout);
    if (rank == who) {
        if (strcmp(mode, "segv") == 0) {
            crash_here(NULL);
        } else if (strcmp(mode, "exit3") == 0) {
            exit(3);
        } else if (strcmp(mode, "nofinalize") == 0) {
            exit(0);
        } else if (strcmp(mode, "abort7") == 0) {
            MPI_Abort(MPI_COMM_WORLD, 7);
        } else if (strcmp(mode, "hang") == 0) {
            for (;;) {
                pause();
            }
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Finalize();
    return 0;
}
