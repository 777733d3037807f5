"""spm.openmpi: Open MPI programs inherit fault tolerance (DESIGN §11, docs/openmpi.md).

Two forms share this package: the closure `spm.pclosure.macro.papply.template.openMPI.policyA`
(spm.pclosure.closure hands its `manage` to `job.manage`) and `spm-python mpirun` (`mpirun.main`,
which the launcher's `mpirun` subcommand runs at a hub of its own).

- `install`: which Open MPI runs an app (its `mpirun`) and spm-python's helpers for it (libexec/:
  spm-mpi-agent, spm-mpi-host, spm-mpi-wrapper, libspm-mpi-shim.so), checked, with clear errors.
- `host`: a spoke's part of a job: it runs `spm-mpi-host` as a co-process and reads its outcome.
- `job`: the hub's part: one template run over the pool's spokes, mpirun once they are ready,
  the hub's own clock and deadlock watch, and the job's one-unit verdict (`verdict`).
"""
