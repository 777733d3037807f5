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


class SPMNoSpokes(SPMException):
    """A run could not get its spokes within timeoutWaitForSpokes (its tasks were reported
    dropped first)."""


class SPMRunTimeout(SPMException):
    """A run passed its timeoutExecution (raised once every task has been reported)."""


class SPMCoprocessFailed(SPMException):
    """A co-process exited non-zero or passed its timeout. `.record` keeps what it printed and its
    exit status; the task ends with SPMTaskEval and that record as its returnValue."""

    def __init__(self, message, record):
        super().__init__(message)
        self.record = record


# --- typedefs and payload handles (DESIGN §5; spm.typedef) ------------------------------------
# Field errors also derive from the Python exception a plain object would raise, so ordinary
# `except TypeError` / `except AttributeError` / `except ValueError` handlers work.

class SPMTypedefError(SPMException, SyntaxError):
    """The typedef text is wrong: a syntax error, an unknown kind or type, a duplicate field, a
    default that does not fit its type. `.lineno` and `.col` are 1-based positions in the text;
    as a SyntaxError, a traceback shows the offending line with a caret under the column."""

    def __init__(self, message, lineno, col, line_text=None):
        SyntaxError.__init__(self, message, ("<typedef>", lineno, col, line_text))
        self.col = col

    def __str__(self):
        return self.msg

    def __reduce__(self):
        return (type(self), (self.msg, self.lineno, self.col, self.text))


class SPMTypedefRequirementError(SPMException, TypeError):
    """A typedef lacks what its closure needs (schema.require): `.problems` lists one line per
    missing or wrongly typed field."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)

    def __reduce__(self):
        return (type(self), (self.args[0], self.problems))


class SPMFieldError(SPMException):
    """A payload handle refused an access. `.path` is the dotted field path."""

    def __init__(self, message, path=None):
        super().__init__(message)
        self.path = path

    def __reduce__(self):
        return (type(self), (self.args[0], self.path))


class SPMFieldTypeError(SPMFieldError, TypeError):
    """A value does not fit the field's declared type."""


class SPMFieldAttributeError(SPMFieldError, AttributeError):
    """No such field, or an assignment to a struct (only its fields take values)."""


class SPMFieldUnsetError(SPMFieldError, ValueError):
    """A `deferred` field was read, pushed or managed before it was set. `.paths` names every
    such field (`.path` is the first)."""

    def __init__(self, message, paths=()):
        paths = list(paths)
        super().__init__(message, paths[0] if paths else None)
        self.paths = paths

    def __reduce__(self):
        return (type(self), (self.args[0], self.paths))


# --- end of typedefs and payload handles -------------------------------------------------------


# --- the package store (DESIGN §9; spm.pkg) ----------------------------------------------------

class SPMInvalidVersion(SPMException, ValueError):
    """A version string is not a PEP 440 version; the message names it and what is wrong."""


class SPMPackageStoreError(SPMException):
    """The package store refused a change or could not be read: a version already in the store,
    one that is not there, a store folder that cannot be written."""


class SPMPackageBadInput(SPMPackageStoreError, ValueError):
    """What was given to the store is wrong in itself, whatever the store holds: a name that is
    not an import name, a folder without the package, a probe that does not define preload()."""


class SPMPackageUnresolved(SPMInvariantViolation):
    """`import NAME` matched packages in the store but no version's preload probe accepted this
    resource. The message lists every version and what its probe returned or raised; `.name` is
    the package, `.outcomes` the (version, outcome) pairs. Uncatchable in effect: it is recorded
    (spm._state.record_violation) even if user code swallows it — at the hub the launcher reports
    it and the program exits non-zero; on a spoke the task fails."""

    def __init__(self, name, outcomes, root=""):
        self.name = name
        self.outcomes = [(str(v), str(o)) for v, o in outcomes]
        self.root = root
        lines = ["no version of package %r in the store%s accepts this resource:" % (
            name, " at %s" % root if root else "")]
        lines += ["  %s: %s" % pair for pair in self.outcomes]
        super().__init__("\n".join(lines))

    def __reduce__(self):
        return (type(self), (self.name, self.outcomes, self.root))


BUILTIN_NAMES = (
    "SPMException",
    "SPMTaskException",
    "SPMTaskDropped",
    "SPMTaskLoad",
    "SPMTaskEval",
    "SPMInvariantViolation",
)


# --- communication closures (DESIGN §4c; spm.pclosure.micro) ------------------------------------

class SPMMessageTimeout(SPMException):
    """A communication closure's call (`mc.send`, `mc.recv`) got no answer within its timeout."""


class SPMMessageTooLarge(SPMException, ValueError):
    """A message (or a reply) is larger than a communication closure carries."""
