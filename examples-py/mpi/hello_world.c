/*
 * hello_world: the Open MPI program of the PyHPC 2011 session (Fig. 10). Each rank prints
 * `<prefix> => <rank>`; the prefix comes from `-prefix=X` or `-prefix X` (default "hello").
 *
 *   mpicc -o hello_world hello_world.c
 *   spm-python mpirun -np 2 ./hello_world -prefix "api"
 */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    const char *prefix = "hello";
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "-prefix=", 8) == 0) {
            prefix = argv[i] + 8;
        } else if (strcmp(argv[i], "-prefix") == 0 && i + 1 < argc) {
            prefix = argv[++i];
        }
    }
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    printf("%s => %d\n", prefix, rank);
    fflush(stdout);
    MPI_Finalize();
    return 0;
}
