"""A spoke's side of the internal evaluation path: run source, return its outcome to Java
(SpokeMain.java) as (ok, pickled value as Latin-1 text, traceback text)."""

import pickle
import sys

_namespace = {"__name__": "__spoke__", "__builtins__": __builtins__}


def evaluate(source):
    try:
        try:
            code = compile(source, "<hub>", "eval")
        except SyntaxError:
            code = compile(source, "<hub>", "exec")
        value = eval(code, _namespace)
        try:
            data = pickle.dumps(value)
        except Exception as e:  # an unpicklable value is reported, not lost
            data = pickle.dumps("<unpicklable %s: %s>" % (type(value).__name__, e))
        return (True, data.decode("latin-1"), "")
    except BaseException as e:  # noqa: B902 - every outcome goes back to the hub
        import traceback
        # Our own frame is not the user's business.
        tb = e.__traceback__.tb_next if e.__traceback__ else None
        return (False, "", "".join(traceback.format_exception(type(e), e, tb)))
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
