"""Compiled code kept across a persistent cloud's sessions (docs/CLOUD.md, "Warm code").

A cloud's spoke drops every module a session imported when the session ends (spm._spoke), so
the next session imports them anew. GraalPy compiles a function's code object, not the function:
if the next session's import executes the *same* code object of an unchanged module, its
functions are new objects on already compiled code. So the loaders of user modules
(spm.legacy.importer, spm._shipping) ask here for a module's code: it is kept per file path with
the exact source it came from and the flags it was compiled with, and given again only for
byte-identical source under the same flags. A code object is immutable; each import still
executes the body into a fresh module, so no object, global or state of a session reaches the
next one — only the compiled code.

Off (every call compiles) except on a cloud's spoke, which turns it on as its first session
begins: elsewhere nothing outlives the process, and the source is not kept twice."""

import sys

enabled = False

#: path -> (flags, source, code); the newest code per path, at most _LIMIT paths.
_codes = {}
_LIMIT = 4096


def code_of(path, source, flags, compile_code):
    """The code object for `source` (bytes or str, as read from `path`) compiled under `flags`
    (whatever else decides the compilation: the legacy mode, the loader): the one kept from an
    earlier session when both are the same, else `compile_code()` (kept for the next)."""
    if not enabled:
        return compile_code()
    flags = (flags, sys.flags.optimize)
    known = _codes.get(path)
    if known is not None and known[0] == flags and known[1] == source:
        return known[2]
    code = compile_code()
    _codes.pop(path, None)
    if len(_codes) >= _LIMIT:
        _codes.pop(next(iter(_codes)))  # the oldest path
    _codes[path] = (flags, source, code)
    return code
