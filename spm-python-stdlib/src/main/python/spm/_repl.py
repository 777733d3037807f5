"""The interactive session behind spm-python's REPL. Java reads the lines (JLine on a terminal,
plain lines otherwise) and decides when a statement is complete (StatementBuffer.java); this side
runs statements, echoes values, prints errors and completes names.

Imports are lazy on purpose: the prompt must appear fast, and `code`, `traceback` and
`rlcompleter` (which pulls in `inspect`) cost seconds on a cold GraalPy."""

import sys

from spm import _main


class Session:
    """One REPL session over `__main__`'s namespace."""

    def __init__(self):
        self._namespace = sys.modules["__main__"].__dict__
        self._completer = None
        #: Set when the user's code raised SystemExit: the status to exit with.
        self.exit_code = None
        if not sys.flags.safe_path and sys.path[:1] != [""]:  # -i after -c put it there already
            sys.path.insert(0, "")
        if not hasattr(sys, "ps1"):
            sys.ps1 = ">>> "
        if not hasattr(sys, "ps2"):
            sys.ps2 = "... "

    def prompt(self, more):
        return str(sys.ps2 if more else sys.ps1)

    def run(self, source):
        """Compiles and runs one complete statement as python's REPL does: expression values
        are echoed, errors print a traceback and leave the session alive."""
        try:
            try:
                code_object = compile(source, "<stdin>", "single", dont_inherit=True)
            except (SyntaxError, OverflowError, ValueError) as e:
                self._show(e, with_traceback=False)
                return
            raised = None
            try:
                exec(code_object, self._namespace)
            except SystemExit:
                raise
            except BaseException as e:  # noqa: B902 - the REPL reports everything and goes on
                raised = e
                self._show(e, with_traceback=True)
            # A recorded violation the statement caught is shown now; the session goes on.
            _main.report_swallowed(raised)
        except SystemExit as e:
            _main.report_swallowed()
            self.exit_code = _main.exit_status(e)
        finally:
            _main._flush()

    @staticmethod
    def _show(exc, with_traceback):
        from spm.legacy import tracebacks
        # Our own frame (this method's caller) is not the user's business, nor are those of
        # spm-python's machinery (e.g. the package store's import hook).
        tb = exc.__traceback__.tb_next if with_traceback and exc.__traceback__ else None
        sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, tb
        tracebacks.print_exception(exc, tb)

    def needs_blank_line(self, source):
        """True when `source` opens a compound statement (its first logical line ends with ':'
        or is a decorator): at the prompt, such a statement ends at a blank line."""
        import io
        import tokenize
        significant = []
        try:
            for tok in tokenize.generate_tokens(io.StringIO(source).readline):
                if tok.type == tokenize.NEWLINE:
                    break
                if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT,
                                    tokenize.DEDENT, tokenize.ENCODING):
                    significant.append(tok.string)
        except (tokenize.TokenError, SyntaxError):
            return False
        return bool(significant) and (significant[0] == "@" or significant[-1] == ":")

    def complete(self, text):
        """Completions of a (dotted) Python name, as readline's completer would give them."""
        if self._completer is None:
            import rlcompleter
            self._completer = rlcompleter.Completer(self._namespace)
        found = []
        state = 0
        while True:
            try:
                match = self._completer.complete(text, state)
            except Exception:
                break
            if match is None:
                break
            if match not in found:
                found.append(match)
            state += 1
        return found

    def read_plain_line(self, prompt):
        """A line from a stdin that is not a terminal, without its newline; None at its end."""
        self.write_stderr(prompt)
        line = sys.stdin.readline()
        if not line:
            return None
        return line[:-1] if line.endswith("\n") else line

    def write_stderr(self, text):
        sys.stderr.write(text)
        sys.stderr.flush()

    def banner(self):
        from spm import runtime
        return ('%s on %s\nType "help", "copyright", "credits" or "license" for more information.'
                % (runtime.summary(), sys.platform))
