"""The MPI job's one-unit verdict (DESIGN §11): from mpirun's end, each spoke's report and its
ranks' ends, who caused the failure and what every spoke's report says. Pure: no I/O.

Success needs mpirun 0 and every rank init -> finalize -> exit 0. Otherwise the first failure
is the cause, in this order: a rank that failed by itself (a signal other than the TERM/KILL the
job's end sends, MPI_Abort, a non-zero exit, exit without MPI_Finalize), the earliest first; a
spoke that was lost; mpirun killed by a signal not ours; an orted that ended abnormally though
nobody ended it; an orted whose launch agent
ended under a failing mpirun; mpirun's own non-zero status; a rank that was killed or vanished. The cause's
spoke reports SPMTaskEval (a rank's failure, with its backtrace) or keeps its own dropped report
(a lost spoke); every other spoke reports SPMTaskDropped naming the cause."""

import signal as _signal

DONE, EVAL, DROPPED = "done", "eval", "dropped"


def signal_name(number):
    try:
        return _signal.Signals(number).name
    except ValueError:
        return "signal %d" % number


def rank_failure(rank):
    """What went wrong with a rank (a phrase), or None if it ended well."""
    if rank.how == "lost":
        return "vanished (its wrapper was killed)"
    if rank.how == "signal":
        return "was killed by %s" % signal_name(rank.signal)
    if rank.aborted is not None:
        return "called MPI_Abort with code %d" % rank.aborted
    if rank.exitStatus != 0:
        return "exited with status %d%s" % (rank.exitStatus, " before MPI_Finalize" if rank.finalize is False else "")
    if rank.init is False:  # None: no shim, so unknown
        return "exited (status 0) without calling MPI_Init"
    if rank.finalize is False:
        return "exited (status 0) without calling MPI_Finalize"
    return None


def _collateral(rank):
    return rank.how == "lost" or (rank.how == "signal" and rank.signal in (_signal.SIGTERM, _signal.SIGKILL))


def where(rank):
    """The rank's innermost frame of its own (past the shim's handler and libc's trampoline)."""
    frames = [f for f in rank.backtrace if "libspm-mpi-shim" not in f]
    if frames and "libc.so" in frames[0]:
        frames = frames[1:]
    return frames[0] if frames else None


def describe(rank, spoke):
    text = "rank %d (%s) %s" % (rank.rank, spoke, rank_failure(rank))
    frame = where(rank)
    return text + (" at %s" % frame if frame else "")


def exit_code_of(rank):
    """The status mpirun exits with for this rank's failure."""
    if rank.how == "signal":
        return 128 + rank.signal
    if rank.aborted is not None:
        return rank.aborted
    if rank.how == "exit" and rank.exitStatus:
        return rank.exitStatus
    return 1


class Verdict:
    """`reports`: task index -> (status, error text); `cause`: one line; `exit_code`: mpirun's form."""

    def __init__(self, reports, cause, exit_code):
        self.reports = reports
        self.cause = cause
        self.exit_code = exit_code

    @property
    def ok(self):
        return self.cause is None


def decide(outcomes, lost, np, mpirun_status, ended_by_us, timeout=None, deadlock=None, not_started=None):
    """The verdict.

    outcomes: task index -> the spoke's outcome Record (spm.openmpi.host.parse), for spokes whose
    task came back; lost: task index -> (status, error) of spokes whose task did not come back
    (lost, dropped); np: ranks asked for; mpirun_status: its returncode (negative: its signal),
    None if it never ran; ended_by_us: the hub ended mpirun; timeout: seconds if the hub's clock
    ended the job; deadlock: the text naming each rank's call if the deadlock watch ended it;
    not_started: why mpirun never started."""
    tasks = sorted(set(outcomes) | set(lost))
    every = lambda status, why: {t: lost.get(t, (status, why)) if t in lost else (status, why) for t in tasks}

    if timeout is not None:
        why = "the MPI job passed its timeout of %g s; every process of the job was ended" % timeout
        return Verdict({t: (DROPPED, why) for t in tasks}, why, 124)
    if deadlock is not None:
        why = "the MPI job deadlocked and was ended: %s" % deadlock
        return Verdict({t: (DROPPED, why) for t in tasks}, why, 124)
    if not_started is not None:
        return Verdict(every(DROPPED, "the MPI job never started: %s" % not_started),
                       "the MPI job never started: %s" % not_started, 1)

    ranks = [(t, o.spoke, r) for t, o in outcomes.items() for r in o.ranks]
    failed = [(r.at, t, spoke, r) for t, spoke, r in ranks if rank_failure(r) is not None]
    own = sorted(f for f in failed if not _collateral(f[3]))
    if own:
        _, task, spoke, rank = own[0]
        text = describe(rank, spoke)
        error = text + ("\nbacktrace of rank %d:\n  %s" % (rank.rank, "\n  ".join(rank.backtrace))
                        if rank.backtrace else "")
        return _one_cause(tasks, lost, task, (EVAL, error), "the job failed: " + text, text, exit_code_of(rank))
    if lost:
        task = min(lost)
        status, error = lost[task]
        text = "the job lost a spoke: %s" % (error or status).strip().splitlines()[-1]
        return _one_cause(tasks, lost, task, (status, error), "the job failed: " + text, text, 1)
    if mpirun_status is not None and mpirun_status < 0 and not ended_by_us:
        text = "mpirun was killed by %s" % signal_name(-mpirun_status)
        return Verdict({t: (DROPPED, "the job failed: " + text) for t in tasks}, text, 128 - mpirun_status)
    orteds = sorted((o.orted.at, t, o) for t, o in outcomes.items()
                    if o.orted is not None and not o.orted.agentGone and not o.orted.endedByHub
                    and (o.orted.how == "signal" or o.orted.value != 0))
    if orteds:
        _, task, o = orteds[0]
        how = "was killed by %s" % signal_name(o.orted.value) if o.orted.how == "signal" \
            else "exited with status %d" % o.orted.value
        text = "the orted on %s %s" % (o.spoke, how)
        log = o.ortedLog.strip()
        return _one_cause(tasks, lost, task, (EVAL, text + ("\n" + log if log else "")), "the job failed: " + text,
                          text, 128 + o.orted.value if o.orted.how == "signal" else o.orted.value)
    cut = sorted((o.orted.at, t, o) for t, o in outcomes.items()
                 if o.orted is not None and o.orted.agentGone and not o.orted.endedByHub)
    if cut and mpirun_status:
        _, task, o = cut[0]
        text = "mpirun lost the orted on %s: its launch agent ended (mpirun exited with status %s)" % (
            o.spoke, mpirun_status if mpirun_status > 0 else signal_name(-mpirun_status))
        return _one_cause(tasks, lost, task, (EVAL, text), "the job failed: " + text, text,
                          mpirun_status if mpirun_status > 0 else 128 - mpirun_status)
    if mpirun_status:
        text = "mpirun exited with status %d" % mpirun_status if mpirun_status > 0 \
            else "mpirun was ended (%s)" % signal_name(-mpirun_status)
        rest = sorted(failed)
        if rest:
            text = describe(rest[0][3], rest[0][2])
            return _one_cause(tasks, lost, rest[0][1], (EVAL, text), "the job failed: " + text, text,
                              exit_code_of(rest[0][3]))
        return Verdict({t: (DROPPED, "the job failed: " + text) for t in tasks}, text,
                       mpirun_status if mpirun_status > 0 else 128 - mpirun_status)
    if failed:
        _, task, spoke, rank = sorted(failed)[0]
        text = describe(rank, spoke)
        return _one_cause(tasks, lost, task, (EVAL, text), "the job failed: " + text, text, exit_code_of(rank))
    if len(ranks) < np:
        text = "only %d of the job's %d ranks started" % (len(ranks), np)
        return Verdict({t: (DROPPED, "the job failed: " + text) for t in tasks}, text, 1)
    return Verdict({t: (DONE, "") for t in tasks}, None, 0)


def _one_cause(tasks, lost, cause_task, cause_report, others_why, text, code):
    reports = {t: (DROPPED, others_why) for t in tasks}
    reports[cause_task] = cause_report
    return Verdict(reports, text, code)
