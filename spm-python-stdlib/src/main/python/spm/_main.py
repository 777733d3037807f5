"""How the launcher runs user code: the `python script.py`, `-c`, `-m` and stdin forms, with
CPython's exit statuses and tracebacks. Called from Java (org.spmpython.launcher); each `run_*`
returns the process exit status and never raises."""

import os
import sys

from spm import _source

#: Exit status of an uncaught KeyboardInterrupt (as a shell reports a SIGINT death).
EXIT_INTERRUPTED = 130


def exit_status(exc):
    """CPython's exit status for a SystemExit, printing a non-integer code to stderr."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _report(exc, skip_frames):
    """Prints a traceback as CPython's launcher would: without our own frames (nor those of the
    legacy dialect's machinery, see spm.legacy.tracebacks)."""
    from spm.legacy import tracebacks  # only on failure: importing traceback costs start-up time
    tb = exc.__traceback__
    for _ in range(skip_frames):
        if tb is not None:
            tb = tb.tb_next
    tracebacks.print_exception(exc, tb)


def report_swallowed(raised=None):
    """Prints the recorded SPMInvariantViolations (spm._state.violations) that the program
    caught, which does not undo them (DESIGN §3), and forgets them all. `raised` is the exception
    the program ended (or the REPL statement failed) with: it and what its traceback shows
    (its __cause__ and __context__ chain) were printed already. Returns True if it printed."""
    from spm import _state
    shown = set()
    while raised is not None and id(raised) not in shown:
        shown.add(id(raised))
        raised = raised.__cause__ or raised.__context__
    swallowed = [v for v in _state.take_violations() if id(v) not in shown]
    if not swallowed:
        return False
    first = swallowed[0]
    _flush()
    print("spm-python: the program caught %s, which does not undo it:" % type(first).__name__,
          file=sys.stderr)
    _report(first, 0)
    if len(swallowed) > 1:
        print("spm-python: ... and %d more SPMInvariantViolation(s) caught" % (len(swallowed) - 1),
              file=sys.stderr)
    return True


def _conclude(run, skip_frames=1):
    """Runs `run()` and turns its outcome into an exit status. A recorded SPMInvariantViolation
    the program caught is reported, and makes a status 0 a 1."""
    raised = None
    try:
        try:
            run()
            _source.end_of_program()
            status = 0
        except SystemExit as e:
            status = exit_status(e)
        except KeyboardInterrupt as e:
            raised = e
            _report(e, skip_frames + 1)
            status = EXIT_INTERRUPTED
        except BaseException as e:  # noqa: B902 - everything uncaught ends here, as in CPython
            raised = e
            _report(e, skip_frames + 1)
            status = 1
        if report_swallowed(raised) and status == 0:
            status = 1
        return status
    finally:
        _flush()


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _main_namespace(filename):
    main = sys.modules["__main__"]
    ns = main.__dict__
    ns.setdefault("__builtins__", __builtins__)
    ns["__file__"] = filename
    ns["__cached__"] = None
    return ns


def _path_first(entry):
    """What CPython puts first on sys.path for the program: nothing with -P or -I."""
    if not sys.flags.safe_path:
        sys.path.insert(0, entry)


def _skips_first_line():
    from spm import _engine
    return _engine.interpreter_flags()["skip_first_line"]


def run_script(path):
    """`spm-python path args...`: the script's folder goes first on sys.path. A folder or zip
    file runs its __main__ module, as CPython's."""
    if os.path.isdir(path) or (os.path.isfile(path) and _is_zip(path)):
        return _run_main_of(path)
    _path_first(os.path.dirname(os.path.abspath(path)))
    skip = _skips_first_line()

    def run():
        if skip:  # -x: the first line is not Python; keep the line numbers
            code = _source.compile_text(_without_first_line(path), path)
        else:
            code = _source.compile_file(path)
        exec(code, _main_namespace(path))
    return _conclude(run)


def _is_zip(path):
    import zipfile
    return zipfile.is_zipfile(path)


def _without_first_line(path):
    import tokenize
    with tokenize.open(path) as f:
        text = f.read()
    newline = text.find("\n")
    return "" if newline < 0 else "\n" + text[newline + 1:]


def _run_main_of(path):
    """`spm-python DIR` or `spm-python app.zip`: DIR goes first on sys.path, its __main__ runs."""
    import runpy
    sys.path.insert(0, path)

    def run():
        try:
            runpy._run_module_as_main("__main__", alter_argv=False)
        except runpy._Error:
            print("%s: can't find '__main__' module in %r" % (sys.executable, path), file=sys.stderr)
            raise SystemExit(1)
    return _conclude(run)


def run_command(command):
    """`spm-python -c command`: the current folder goes first on sys.path."""
    _path_first("")
    ns = _main_namespace("<string>")
    del ns["__file__"]

    def run():
        exec(_source.compile_text(command, "<string>"), ns)
    return _conclude(run)


def run_module(name):
    """`spm-python -m module`: as CPython, through runpy (whose frames CPython shows too)."""
    import runpy
    _path_first(os.getcwd())

    def run():
        try:
            runpy._run_module_as_main(name, alter_argv=True)
        except runpy._Error as e:  # what CPython prints for e.g. "No module named x"
            print("%s: %s" % (sys.executable, e), file=sys.stderr)
            raise SystemExit(1)
    return _conclude(run)


def run_stdin():
    """stdin that is not a terminal, or `-`: read to the end, then run it as one script."""
    _path_first("")
    ns = _main_namespace("<stdin>")
    del ns["__file__"]

    def run():
        text = sys.stdin.read()
        exec(_source.compile_text(text, "<stdin>"), ns)
    return _conclude(run)
