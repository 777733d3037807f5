#!/bin/sh
# Builds spm-python's Open MPI helpers into DEST (the distribution's libexec/), as the launcher's
# Maven build runs it: the launch agent, the spoke's host and the rank wrapper with cc, and the
# preload shim with Open MPI's mpicc. Without mpicc the shim is left out (and an old one removed):
# the build still works, and spm-python says that Open MPI is missing when a job is asked for.
set -eu
dest=$1
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dest"
for tool in agent host wrapper; do
    cc -O2 -Wall -Wextra -Werror -o "$dest/spm-mpi-$tool" "$src/spm_mpi_$tool.c"
done
if command -v mpicc >/dev/null 2>&1; then
    mpicc -O2 -Wall -Wextra -Werror -shared -fPIC -o "$dest/libspm-mpi-shim.so" "$src/spm_mpi_shim.c"
else
    rm -f "$dest/libspm-mpi-shim.so"
    echo "spm-python build: Open MPI's mpicc is not on PATH: the MPI preload shim is not built (Open MPI programs will not run)" >&2
fi
