"""Compiling user source: the one place the launcher turns text into code objects. (The legacy
Python 2 dialect plugs in here: a module that does not compile as Python 3 is retried.)"""


def compile_text(text, filename):
    return compile(text, filename, "exec", dont_inherit=True)


def compile_file(path):
    import tokenize
    # tokenize.open honours PEP 263 coding cookies and BOMs, as CPython's loader does.
    with tokenize.open(path) as f:
        text = f.read()
    return compile_text(text, path)
