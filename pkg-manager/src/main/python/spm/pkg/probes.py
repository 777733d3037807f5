"""Preload probes: the Python file beside each version in the store whose `preload()` says
whether that version can run on this resource.

A probe runs in this context, in a module namespace of its own (not in sys.modules), as Python 3.
Its answer counts as "yes" only when `preload()` returns True itself: any other value, or an
exception (raised while the probe file runs or by preload()), counts as "no" and is kept as text
for the listing of SPMPackageUnresolved. KeyboardInterrupt is not an answer: it propagates.
"""

import types

from spm.exceptions import SPMPackageBadInput

#: The probe's file name inside a version's folder of the store.
FILE_NAME = "probe.py"
_LONGEST_VALUE = 200


class Outcome:
    """What one probe said: `accepted` (preload() returned True) and `text` for people."""

    __slots__ = ("accepted", "text")

    def __init__(self, accepted, text):
        self.accepted = accepted
        self.text = text

    def __repr__(self):
        return self.text


def check_file(path):
    """Raises SPMPackageBadInput unless the file at `path` is Python 3 that binds `preload` at its
    top level (a def, an assignment or an import): checked without running it, since a probe is
    about the resource it will run on, not the one adding it."""
    import ast
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as e:
        raise SPMPackageBadInput("cannot read the probe %s: %s" % (path, e.strerror or e)) from None
    try:
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError) as e:
        where = " (line %s)" % e.lineno if getattr(e, "lineno", None) else ""
        raise SPMPackageBadInput("the probe %s does not compile as Python 3%s: %s"
                                 % (path, where, getattr(e, "msg", e))) from None
    if "preload" not in _top_level_names(tree.body):
        raise SPMPackageBadInput("the probe %s does not define preload() at its top level"
                                 " (a def, an assignment or an import binding the name)" % path)


def _top_level_names(statements):
    import ast
    names = set()
    for node in statements:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for target in getattr(node, "targets", None) or [node.target]:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            for block in ("body", "orelse", "finalbody"):
                names |= _top_level_names(getattr(node, block, None) or [])
            for handler in getattr(node, "handlers", None) or []:
                names |= _top_level_names(handler.body)
    return names


def run(path, label):
    """Runs the probe at `path` once and returns its Outcome. `label` names it in its module's
    __name__ (e.g. 'pycuda-2024.1')."""
    module = types.ModuleType("spm.pkg.probe[%s]" % label)
    module.__file__ = path
    try:
        with open(path, "rb") as f:
            code = compile(f.read(), path, "exec", dont_inherit=True)
        exec(code, module.__dict__)
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: B902 - whatever a probe raises is its answer
        return Outcome(False, "%s raised %s" % (FILE_NAME, _describe(e, path)))
    preload = module.__dict__.get("preload")
    if not callable(preload):
        return Outcome(False, "%s defines no preload()" % FILE_NAME)
    try:
        answer = preload()
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: B902
        return Outcome(False, "preload() raised %s" % _describe(e, path))
    if answer is True:
        return Outcome(True, "preload() returned True")
    value = repr(answer)
    if len(value) > _LONGEST_VALUE:
        value = value[:_LONGEST_VALUE] + "..."
    note = "" if answer is False or answer is None else " (not True: counts as no)"
    return Outcome(False, "preload() returned %s%s" % (value, note))


def _describe(exc, path):
    """'Type: message (probe.py line N)': the last line of the probe the exception passed."""
    text = type(exc).__name__
    message = str(exc)
    if message:
        text += ": " + message.splitlines()[0]
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None and isinstance(exc, SyntaxError):
        line = exc.lineno
    return text + (" (%s line %d)" % (FILE_NAME, line) if line else "")
