"""Parses typedef text into a Schema. Both spellings of the papers, freely mixed:

    typedef  := 'task' '<' KIND '>' ( '::' 'struct' | ) body ';'
    body     := '{' member* '}'
    member   := NAME '::' 'struct' body ';'          # colon spelling
              | NAME '::' type default ';'
              | 'struct' NAME body ';'               # C-like spelling
              | type NAME default ';'
    type     := 'scalar' '<' NAME '>' | 'tuple' '<' NAME '>' | 'dict' '<' NAME ',' NAME '>'
    default  := '=' ( 'deferred' | 'None' | 'True' | 'False' | NUMBER | STRING )

Every error is an SPMTypedefError naming the line and column where the text went wrong."""

import functools
import keyword

from spm.exceptions import SPMTypedefError
from spm.typedef import fieldtypes
from spm.typedef.lexer import END, NAME, NUMBER, PUNCT, STRING, error, tokenize
from spm.typedef.schema import DEFERRED, FieldNode, Schema, StructNode

KINDS = ("list", "template", "dag")
_TYPE_CONSTRUCTORS = ("scalar", "tuple", "dict")
_NAMED_DEFAULTS = {"deferred": DEFERRED, "None": None, "True": True, "False": False}
# Names a handle itself answers to at its top level (the handle's own method).
_RESERVED_TOP = ("Push",)


def parse(text):
    """The Schema of typedef `text`."""
    if not isinstance(text, str):
        raise TypeError("typedef: expected the typedef text (a str), got %s" % type(text).__name__)
    try:
        return _parse(text)
    except SPMTypedefError as e:
        error = e
    # The parser's own frames are no help to the user: a fresh error, raised outside the except
    # (GraalPy keeps the frames of `raise e.with_traceback(None)`), has none of them.
    raise SPMTypedefError(error.msg, error.lineno, error.col, error.text) from None


@functools.lru_cache(maxsize=64)
def _parse(text):
    # Schemas are immutable, so a text parses once (spokes rebuild schemas from their text).
    return _Parser(text).typedef()


class _Parser:
    def __init__(self, source):
        self.source = source
        self.tokens = tokenize(source)
        self.pos = 0

    # --- tokens -----------------------------------------------------------------------------

    def peek(self, ahead=0):
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self):
        token = self.tokens[self.pos]
        if token.kind != END:
            self.pos += 1
        return token

    def is_punct(self, text, ahead=0):
        token = self.peek(ahead)
        return token.kind == PUNCT and token.text == text

    def is_name(self, text=None, ahead=0):
        token = self.peek(ahead)
        return token.kind == NAME and (text is None or token.text == text)

    def fail(self, token, message):
        return error(self.source, token.lineno, token.col, message)

    def expect_punct(self, text, context):
        if not self.is_punct(text):
            # Reported where the punctuation belongs: just after the previous token.
            found = self.peek()
            previous = self.tokens[self.pos - 1] if self.pos > 0 else None
            if previous is None:
                raise self.fail(found, "expected '%s' %s, got %s" % (text, context, found.describe()))
            raise error(self.source, previous.lineno, previous.col + len(previous.text),
                        "expected '%s' %s, got %s at line %d, column %d"
                        % (text, context, found.describe(), found.lineno, found.col))
        return self.advance()

    def expect_name(self, what, text=None):
        if not self.is_name(text):
            raise self.fail(self.peek(), "expected %s, got %s" % (what, self.peek().describe()))
        return self.advance()

    # --- grammar ----------------------------------------------------------------------------

    def typedef(self):
        task = self.expect_name("'task<list>', 'task<template>' or 'task<dag>'", "task")
        self.expect_punct("<", "after 'task'")
        kind = self.expect_name("the kind of task: list, template or dag")
        if kind.text not in KINDS:
            raise self.fail(kind, "unknown kind task<%s> (known: task<list>, task<template>, task<dag>)" % kind.text)
        self.expect_punct(">", "after task<%s" % kind.text)
        if self.is_punct("::"):
            self.advance()
            self.expect_name("'struct' after 'task<%s>::'" % kind.text, "struct")
        root = self.body("", task)
        self.expect_punct(";", "after the task's closing '}'")
        if self.peek().kind != END:
            raise self.fail(self.peek(), "expected the end of the typedef after the task's '};', got %s"
                            % self.peek().describe())
        return Schema(kind.text, root, self.source)

    def body(self, path, start):
        """`{ member* }` of the struct at `path` ('' for the task); `start` is its first token."""
        opening = self.expect_punct("{", "to open %s" % (path or "the task"))
        members = {}
        while not self.is_punct("}"):
            if self.peek().kind == END:
                raise self.fail(self.peek(), "expected '}' to close %s (opened at line %d, column %d), got %s"
                                % (path or "the task", opening.lineno, opening.col, self.peek().describe()))
            member = self.member(path)
            first = members.get(member.name)
            if first is not None:
                raise error(self.source, member.lineno, member.col,
                            "duplicate field %r in %s (first declared at line %d, column %d)"
                            % (member.name, path or "the task", first.lineno, first.col))
            members[member.name] = member
        self.advance()
        name = path.rpartition(".")[2]
        return StructNode(name, path, members, start.lineno, start.col)

    def member(self, parent):
        if self.is_name() and self.is_punct("::", ahead=1):  # NAME :: ...
            name = self.field_name(parent)
            self.advance()  # '::'
            if self.is_name("struct"):
                self.advance()
                return self.struct_rest(parent, name)
            return self.field_rest(parent, name, self.type())
        if self.is_name("struct"):  # struct NAME { ... };
            self.advance()
            name = self.field_name(parent, "the struct's name after 'struct'")
            return self.struct_rest(parent, name)
        if self.is_name() and self.peek().text in _TYPE_CONSTRUCTORS:  # TYPE NAME = ...;
            field_type = self.type()
            name = self.field_name(parent, "the field's name after its type %s" % field_type.name)
            return self.field_rest(parent, name, field_type)
        raise self.fail(self.peek(), "expected a member: 'NAME :: TYPE = DEFAULT;', 'TYPE NAME = DEFAULT;', "
                        "'NAME :: struct { ... };' or 'struct NAME { ... };', or '}', got %s"
                        % self.peek().describe())

    def field_name(self, parent, what="a field name"):
        token = self.expect_name(what)
        name = token.text
        if name.startswith("_"):
            raise self.fail(token, "field name %r: names starting with '_' are reserved" % name)
        if keyword.iskeyword(name):
            raise self.fail(token, "field name %r is a Python keyword (the field could not be "
                            "read as an attribute)" % name)
        if not parent and name in _RESERVED_TOP:
            raise self.fail(token, "field name %r is reserved at the top of a task (the handle's "
                            "method %s())" % (name, name))
        return token

    def struct_rest(self, parent, name):
        path = _join(parent, name.text)
        node = self.body(path, name)
        self.expect_punct(";", "after the closing '}' of %s" % path)
        return node

    def field_rest(self, parent, name, field_type):
        path = _join(parent, name.text)
        default = self.default(path, field_type)
        self.expect_punct(";", "after the default of %s" % path)
        return FieldNode(name.text, path, field_type, default, name.lineno, name.col)

    def type(self):
        start = self.peek()
        if not (start.kind == NAME and start.text in _TYPE_CONSTRUCTORS):
            raise self.fail(start, "expected a type (%s) or 'struct', got %s"
                            % (", ".join(fieldtypes.TYPE_NAMES), start.describe()))
        self.advance()
        self.expect_punct("<", "after '%s'" % start.text)
        arguments = [self.expect_name("a type argument, e.g. %s<auto>" % start.text).text]
        while self.is_punct(","):
            self.advance()
            arguments.append(self.expect_name("a type argument after ','").text)
        self.expect_punct(">", "to close %s<%s" % (start.text, ",".join(arguments)))
        name = "%s<%s>" % (start.text, ",".join(arguments))
        if name not in fieldtypes.TYPES:
            raise self.fail(start, "unknown type %s (known: %s)" % (name, ", ".join(fieldtypes.TYPE_NAMES)))
        return fieldtypes.lookup(name)

    def default(self, path, field_type):
        self.expect_punct("=", "and a default (deferred, None or a literal) for %s" % path)
        token = self.advance()
        if token.kind == NAME and token.text in _NAMED_DEFAULTS:
            value = _NAMED_DEFAULTS[token.text]
        elif token.kind in (NUMBER, STRING):
            value = token.value
        else:
            raise self.fail(token, "expected the default of %s: deferred, None, True, False, a number or "
                            "a quoted string, got %s" % (path, token.describe()))
        if value is DEFERRED or value is None:
            return value
        if not field_type.literal_ok(value):
            raise self.fail(token, "default %s of %s does not fit %s (%s)"
                            % (token.text, path, field_type.name, field_type.description))
        return value


def _join(parent, name):
    return "%s.%s" % (parent, name) if parent else name
