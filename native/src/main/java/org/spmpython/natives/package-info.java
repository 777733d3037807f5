/**
 * The operating system underneath spm-python: JNA bindings to the C library ({@link
 * org.spmpython.natives.LibC}) behind a small Java facade ({@link org.spmpython.natives.Posix});
 * a process's descendants, adopted as a subreaper and ended ({@link
 * org.spmpython.natives.ProcessTree}, docs/PROCESSES.md);
 * the native probes the package store's preload probes use ({@link
 * org.spmpython.natives.NativeProbes}, {@code spm.sys.native} in Python): the CUDA driver's
 * version through libcuda, loaded only when asked and only if present ({@link
 * org.spmpython.natives.LibCuda}), glibc's version, the CPU's flags ({@link
 * org.spmpython.natives.CpuInfo}) and the libraries an ELF file needs ({@link
 * org.spmpython.natives.ElfFile}, read in Java). C sources are in {@code src/main/c}: {@code
 * coproc_guard.c}, the program every co-process runs under so that it dies with its spoke (the
 * launcher's build compiles it into the distribution's {@code libexec/}); {@code mpi/}, the Open MPI
 * helpers (launch agent, spoke host, rank wrapper, PMPI preload shim; docs/openmpi.md), built there
 * by {@code mpi/build.sh}, the shim only where Open MPI's {@code mpicc} is.
 */
package org.spmpython.natives;
