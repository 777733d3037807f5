"""The interactive session behind spm-python's REPL. Java reads the lines (JLine on a terminal,
plain lines otherwise) and pushes them here; this side compiles, runs, echoes and completes."""

import code
import rlcompleter
import sys

from spm import _main


class Session:
    """One REPL session over `__main__`'s namespace."""

    def __init__(self):
        self._namespace = sys.modules["__main__"].__dict__
        # Used for its traceback printing (which hides our own frames), not its line handling:
        # GraalPy's codeop cannot tell incomplete input from errors (see StatementBuffer.java).
        self._console = code.InteractiveConsole(self._namespace, filename="<stdin>")
        self._completer = rlcompleter.Completer(self._namespace)
        #: Set when the user's code raised SystemExit: the status to exit with.
        self.exit_code = None
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
            except (SyntaxError, OverflowError, ValueError):
                self._console.showsyntaxerror("<stdin>")
                return
            self._console.runcode(code_object)
        except SystemExit as e:
            self.exit_code = _main.exit_status(e)
        finally:
            _main._flush()

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
