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


def _conclude(run, skip_frames=1):
    """Runs `run()` and turns its outcome into an exit status."""
    try:
        run()
        _source.end_of_program()
        return 0
    except SystemExit as e:
        return exit_status(e)
    except KeyboardInterrupt as e:
        _report(e, skip_frames + 1)
        return EXIT_INTERRUPTED
    except BaseException as e:  # noqa: B902 - everything uncaught ends here, as in CPython
        _report(e, skip_frames + 1)
        return 1
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


def run_script(path):
    """`spm-python path args...`: the script's folder goes first on sys.path."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))

    def run():
        code = _source.compile_file(path)
        exec(code, _main_namespace(path))
    return _conclude(run)


def run_command(command):
    """`spm-python -c command`: the current folder goes first on sys.path."""
    sys.path.insert(0, "")
    ns = _main_namespace("<string>")
    del ns["__file__"]

    def run():
        exec(_source.compile_text(command, "<string>"), ns)
    return _conclude(run)


def run_module(name):
    """`spm-python -m module`: as CPython, through runpy (whose frames CPython shows too)."""
    import runpy
    sys.path.insert(0, os.getcwd())

    def run():
        try:
            runpy._run_module_as_main(name, alter_argv=True)
        except runpy._Error as e:  # what CPython prints for e.g. "No module named x"
            print("%s: %s" % (sys.executable, e), file=sys.stderr)
            raise SystemExit(1)
    return _conclude(run)


def run_stdin():
    """stdin that is not a terminal, or `-`: read to the end, then run it as one script."""
    sys.path.insert(0, "")
    ns = _main_namespace("<stdin>")
    del ns["__file__"]

    def run():
        text = sys.stdin.read()
        exec(_source.compile_text(text, "<stdin>"), ns)
    return _conclude(run)
