"""The exception types of spm (DESIGN §3 and §6): the one place they are defined."""


class SPMException(Exception):
    """Base of every exception spm raises to user code."""


class SPMTaskException(SPMException):
    """A task did not finish normally. Its only argument is the task's handle, so the
    Python 2 form `except (SPMTaskDropped, ...), (hdl,):` binds the handle."""

    def __init__(self, hdl):
        super().__init__(hdl)

    @property
    def hdl(self):
        return self.args[0]


class SPMTaskDropped(SPMTaskException):
    """The task never concluded: its spoke died or was lost, it passed its timeout, or the run's
    timeoutExecution ended it or it never started."""


class SPMTaskLoad(SPMTaskException):
    """Preloading failed on the spoke (path, import, package resolution)."""


class SPMTaskEval(SPMTaskException):
    """The task's evaluator or API raised."""


class SPMInvariantViolation(BaseException):
    """A state invariant was violated (e.g. `manage` called while online). Derives from
    BaseException so that `except Exception` does not swallow it."""


class SpokeEvaluationError(SPMException):
    """Source evaluated on a spoke (spm.sys.tracker.evaluate) raised there; the message holds
    the remote traceback."""


class SpokeLost(SPMException):
    """The spoke was lost (or was not ready for work) before an evaluation concluded."""


class SpokeTimeout(SPMException):
    """No outcome came from a spoke in time."""


BUILTIN_NAMES = (
    "SPMException",
    "SPMTaskException",
    "SPMTaskDropped",
    "SPMTaskLoad",
    "SPMTaskEval",
    "SPMInvariantViolation",
)
