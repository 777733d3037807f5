"""Splits typedef text into tokens that know their 1-based line and column.

Tokens: names (`task`, `scalar`, `label`, `deferred`, ...), numbers, quoted strings, and the
punctuation `::` `{` `}` `<` `>` `,` `;` `=`. Whitespace (newlines included) separates tokens;
`#` starts a comment that runs to the end of the line."""

import re

from spm.exceptions import SPMTypedefError

NAME, NUMBER, STRING, PUNCT, END = "name", "number", "string", "punctuation", "end"

_PUNCTUATION = ("::", "{", "}", "<", ">", ",", ";", "=")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t"}


class Token:
    __slots__ = ("kind", "text", "value", "lineno", "col")

    def __init__(self, kind, text, value, lineno, col):
        self.kind = kind
        self.text = text
        self.value = value
        self.lineno = lineno
        self.col = col

    def describe(self):
        """How an error message names this token."""
        if self.kind == END:
            return "the end of the typedef"
        return repr(self.text)

    def __repr__(self):
        return "Token(%s, %r, %d:%d)" % (self.kind, self.text, self.lineno, self.col)


def error(source, lineno, col, message):
    """An SPMTypedefError at a 1-based position of `source`."""
    lines = source.splitlines()
    line_text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    return SPMTypedefError("typedef line %d, column %d: %s" % (lineno, col, message),
                           lineno, col, line_text)


def tokenize(source):
    """The tokens of `source`, ending with an END token."""
    tokens = []
    lineno, line_start, i, n = 1, 0, 0, len(source)
    while i < n:
        ch = source[i]
        col = i - line_start + 1
        if ch == "\n":
            lineno, line_start, i = lineno + 1, i + 1, i + 1
        elif ch in " \t\r\f\v":
            i += 1
        elif ch == "#":
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("::", i):
            tokens.append(Token(PUNCT, "::", None, lineno, col))
            i += 2
        elif ch in "{}<>,;=":
            tokens.append(Token(PUNCT, ch, None, lineno, col))
            i += 1
        elif ch in "'\"":
            text, value = _string(source, i, lineno, col)
            tokens.append(Token(STRING, text, value, lineno, col))
            i += len(text)
        elif (match := _NUMBER.match(source, i)) is not None:
            text = match.group()
            value = float(text) if any(c in text for c in ".eE") else int(text)
            tokens.append(Token(NUMBER, text, value, lineno, col))
            i = match.end()
        elif (match := _NAME.match(source, i)) is not None:
            tokens.append(Token(NAME, match.group(), None, lineno, col))
            i = match.end()
        elif ch == ":":
            raise error(source, lineno, col, "unexpected ':' (fields are declared as NAME :: TYPE)")
        else:
            raise error(source, lineno, col, "unexpected character %r" % ch)
    tokens.append(Token(END, "", None, lineno, i - line_start + 1))
    return tokens


def _string(source, start, lineno, col):
    """A quoted string starting at `start`: (its text with quotes, its value). Escapes: \\\\ \\'
    \\" \\n \\t; a string ends on its line."""
    quote, i, chars = source[start], start + 1, []
    while i < len(source) and source[i] != "\n":
        ch = source[i]
        if ch == quote:
            return source[start:i + 1], "".join(chars)
        if ch == "\\":
            escaped = source[i + 1:i + 2]
            if escaped not in _ESCAPES:
                raise error(source, lineno, col + i - start,
                            "unknown escape \\%s in a string (known: \\\\ \\' \\\" \\n \\t)" % escaped)
            chars.append(_ESCAPES[escaped])
            i += 2
        else:
            chars.append(ch)
            i += 1
    raise error(source, lineno, col, "string not closed on its line (missing %s)" % quote)
