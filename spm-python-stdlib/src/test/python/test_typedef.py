"""Unit tests of spm.typedef (DESIGN §5): the typedef language, schemas, payload handles,
snapshots and records.

Run with spm-python (spm imports Java-backed modules):
    bin/spm-python spm-python-stdlib/src/test/python/test_typedef.py
tests/.../TypedefTest.java runs it so. The paper's typedef texts are read from ../shared/paper
(SPM_PAPER_DIR overrides), unchanged."""

import io
import ast
import os
import pickle
import sys
import tokenize
import unittest
from pathlib import Path

import spm
import spm.typedef as typedef
from spm.exceptions import (
    SPMException,
    SPMTaskEval,
    SPMFieldAttributeError,
    SPMFieldError,
    SPMFieldTypeError,
    SPMFieldUnsetError,
    SPMTypedefError,
    SPMTypedefRequirementError,
)
from spm.typedef import Record
from spm.util import timeout

PAPER = Path(os.environ.get("SPM_PAPER_DIR")
             or Path(__file__).resolve().parents[4].parent / "shared" / "paper")


def paper_typedef(relative):
    """The string literal a paper script passes as `typedef = ...`, exactly as written. The
    scripts are Python 2 (ast cannot parse them), so find the literal with the tokenizer."""
    source = (PAPER / relative).read_text()
    skip = (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in skip]
    found = [ast.literal_eval(tokens[i + 2].string) for i in range(len(tokens) - 2)
             if tokens[i].string == "typedef" and tokens[i + 1].string == "="
             and tokens[i + 2].type == tokenize.STRING]
    if len(found) != 1:
        raise AssertionError("%s: expected one typedef literal, found %d" % (relative, len(found)))
    return found[0]


SCIPY_DEMO = paper_typedef("scipy2011/demo.py")
SCIPY_IS_PRIME = paper_typedef("scipy2011/is_prime.py")
PYHPC_DEMO = paper_typedef("pyhpc2011/demo.py")


def fake_shell(cmd, timeout):
    """Stands for a built-in spm API (e.g. spm.util.coprocess.shell.policyA)."""
    return Record(stdOut=cmd + "\n", exitStatus=0)


fake_shell._spm_api = True


def not_an_api(cmd, timeout):
    return None


def marked_false(cmd, timeout):
    return None


marked_false._spm_api = False


class Unpicklable:
    def __reduce__(self):
        raise TypeError("cannot pickle Unpicklable")


def position(text, index):
    """1-based (line, column) of text[index], computed from the text alone."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


# The closures' needs, as the task managers will state them (DESIGN §4).
PAPPLY_NEEDS = {
    "spm.meta.label": "scalar<stringSnippet>",
    "spm.meta.api": "scalar<ApiMethod>",
    "spm.meta.apiArgs": "dict<string,mixed>",
    "spm.meta.timeout": "scalar<timeout>",
    "spm.core.relaunchPre": "scalar<bool>",
    "spm.core.relaunchPost": "scalar<bool>",
    "spm.stat.exception": "scalar<auto>",
    "spm.stat.returnValue": ("scalar<auto>", "scalar<record>"),
}
PINTERP_NEEDS = {
    "spm.meta.label": "scalar<stringSnippet>",
    "spm.meta.path": "tuple<string>",
    "spm.meta.modulePreload": "tuple<string>",
    "spm.meta.module": "scalar<stringSnippet>",
    "spm.meta.timeout": "scalar<timeout>",
    "spm.stat.exception": "scalar<auto>",
    "spm.stat.returnValue": ("scalar<auto>", "scalar<record>"),
}

SCIPY_DEMO_FIELDS = [
    ("spm.meta.label", "scalar<stringSnippet>", typedef.DEFERRED),
    ("spm.meta.api", "scalar<ApiMethod>", typedef.DEFERRED),
    ("spm.meta.apiArgs", "dict<string,mixed>", typedef.DEFERRED),
    ("spm.meta.timeout", "scalar<timeout>", typedef.DEFERRED),
    ("spm.core.relaunchPre", "scalar<bool>", None),
    ("spm.core.relaunchPost", "scalar<bool>", None),
    ("spm.core.nameHost", "scalar<auto>", None),
    ("spm.core.whoAmI", "scalar<auto>", None),
    ("spm.stat.exception", "scalar<auto>", None),
    ("spm.stat.returnValue", "scalar<record>", None),
]

# The SciPy demo's typedef in the C-like spelling (DESIGN §5's second form), written for this test.
SCIPY_DEMO_C_LIKE = """
task<list> {
    struct spm {
        struct meta {
            scalar<stringSnippet> label = deferred;
            scalar<ApiMethod> api = deferred;
            dict<string,mixed> apiArgs = deferred;
            scalar<timeout> timeout = deferred;
        };
        struct core {
            scalar<bool> relaunchPre = None;
            scalar<bool> relaunchPost = None;
            scalar<auto> nameHost = None;
            scalar<auto> whoAmI = None;
        };
        struct stat {
            scalar<auto> exception = None;
            scalar<record> returnValue = None;
        };
    };
};
"""


def fields_of(schema):
    return [(f.path, f.type.name, f.default) for f in schema.fields()]


def demo_handle(on_push=None):
    return typedef.parse(SCIPY_DEMO).new_handle(on_push=on_push)


def filled_demo_handle(on_push=None):
    hdl = demo_handle(on_push)
    hdl.spm.meta.label = "***"
    hdl.spm.meta.api = fake_shell
    hdl.spm.meta.apiArgs = dict(cmd="hostname", timeout=timeout.after(seconds=2))
    hdl.spm.meta.timeout = timeout.after(seconds=10)
    return hdl


class PaperTypedefsTest(unittest.TestCase):
    """The three typedef texts of the papers, read unchanged from ../shared/paper."""

    def test_the_texts_are_the_papers(self):
        self.assertTrue(SCIPY_DEMO.startswith("\ntask<list>      :: struct {\n# SPM component"))
        self.assertIn("      label    :: scalar<stringSnippet> = deferred;\n", SCIPY_DEMO)
        self.assertIn("    nMin      ::scalar<auto>      = deferred;\n", SCIPY_IS_PRIME)
        self.assertTrue(PYHPC_DEMO.startswith("\ntask<template>      ::struct {"))

    def test_scipy_demo(self):
        schema = typedef.parse(SCIPY_DEMO)
        self.assertEqual("list", schema.kind)
        self.assertEqual(SCIPY_DEMO_FIELDS, fields_of(schema))
        self.assertEqual(["spm"], list(schema.root.members))
        self.assertEqual(["meta", "core", "stat"], list(schema.root.members["spm"].members))
        self.assertEqual(SCIPY_DEMO, schema.source)

    def test_scipy_is_prime(self):
        schema = typedef.parse(SCIPY_IS_PRIME)
        self.assertEqual("list", schema.kind)
        self.assertEqual([
            ("spm.meta.label", "scalar<stringSnippet>", typedef.DEFERRED),
            ("spm.meta.path", "tuple<string>", typedef.DEFERRED),
            ("spm.meta.modulePreload", "tuple<string>", typedef.DEFERRED),
            ("spm.meta.module", "scalar<stringSnippet>", typedef.DEFERRED),
            ("spm.meta.timeout", "scalar<timeout>", typedef.DEFERRED),
            ("spm.core.relaunchPre", "scalar<bool>", None),
            ("spm.core.relaunchPost", "scalar<bool>", None),
            ("spm.stat.exception", "scalar<auto>", None),
            ("spm.stat.returnValue", "scalar<auto>", None),
            ("nMin", "scalar<auto>", typedef.DEFERRED),
            ("nMax", "scalar<auto>", typedef.DEFERRED),
        ], fields_of(schema))
        self.assertEqual(["spm", "nMin", "nMax"], list(schema.root.members))

    def test_pyhpc_demo(self):
        schema = typedef.parse(PYHPC_DEMO)
        self.assertEqual("template", schema.kind)
        self.assertEqual([f for f in SCIPY_DEMO_FIELDS if f[0] != "spm.meta.api"], fields_of(schema))

    def test_positions_of_fields(self):
        schema = typedef.parse(SCIPY_DEMO)
        label = schema.node("spm.meta.label")
        self.assertEqual(position(SCIPY_DEMO, SCIPY_DEMO.index("label")), (label.lineno, label.col))
        self.assertEqual((6, 7), (label.lineno, label.col))

    def test_demo_main_as_the_paper_runs_it(self):
        pushed = []
        schema = typedef.parse(SCIPY_DEMO)
        schema.require(PAPPLY_NEEDS, kind="list")
        hdl = schema.new_handle(on_push=pushed.append)
        task_timeout = timeout.after(seconds=10)
        entries = [dict(cmd="hostname", timeout=timeout.after(seconds=2)),
                   dict(cmd="uname", timeout=timeout.after(seconds=2))]
        for entry in entries:
            hdl.spm.meta.label = "***"
            hdl.spm.meta.api = fake_shell
            hdl.spm.meta.apiArgs = entry
            hdl.spm.meta.timeout = task_timeout
            self.assertIsNone(hdl.Push())
        self.assertEqual(2, len(pushed))
        self.assertEqual(["hostname", "uname"], [t["spm"]["meta"]["apiArgs"]["cmd"] for t in pushed])
        # On the spoke: evaluate the task, record the result; at the hub: read it back.
        spoke = schema.handle_from(pickle.loads(pickle.dumps(pushed[1])))
        spoke.spm.stat.returnValue = spoke.spm.meta.api(**spoke.spm.meta.apiArgs)
        spoke.spm.core.nameHost = "node7"
        hub = schema.handle_from(pickle.loads(pickle.dumps(typedef.snapshot(spoke))))
        result = hub.spm.stat.returnValue
        self.assertTrue(result.Has(attr="stdOut"))
        self.assertFalse(result.Has(attr="stdErr"))
        self.assertEqual("uname\n", result.stdOut)
        self.assertEqual("node7", hub.spm.core.nameHost)
        self.assertEqual(timeout.after(seconds=10), hub.spm.meta.timeout)

    def test_is_prime_main_as_the_paper_runs_it(self):
        pushed = []
        schema = typedef.parse(SCIPY_IS_PRIME)
        schema.require(PINTERP_NEEDS, kind="list")
        hdl = schema.new_handle(on_push=pushed.append)
        n_buckets, n_min = 10, 2
        for ct in range(n_buckets):
            hdl.spm.meta.label = "***"
            hdl.spm.meta.path = ("/somewhere/scipy2011",)
            hdl.spm.meta.modulePreload = ("is_prime",)
            hdl.spm.meta.module = "is_prime"
            hdl.spm.meta.timeout = timeout.after(seconds=10)
            hdl.nMin = n_min
            n_min += 502347 // n_buckets
            hdl.nMax = 502347 if ct == n_buckets - 1 else n_min
            hdl.Push()
        self.assertEqual(10, len(pushed))
        self.assertEqual((2, 50236), (pushed[0]["nMin"], pushed[0]["nMax"]))
        self.assertEqual(502347, pushed[-1]["nMax"])
        spoke = schema.handle_from(pushed[3])
        spoke.spm.stat.returnValue = 1234
        hub = schema.handle_from(typedef.snapshot(spoke))
        self.assertEqual(1234, hub.spm.stat.returnValue)
        self.assertEqual(pushed[3]["nMin"], hub.nMin)

    def test_pyhpc_template_is_managed_not_pushed(self):
        schema = typedef.parse(PYHPC_DEMO)
        schema.require({"spm.meta.apiArgs": "dict<string,mixed>"}, kind="template")
        hdl = schema.new_handle()
        hdl.spm.meta.label = "***"
        with self.assertRaises(TypeError) as raised:
            hdl.Push()
        self.assertIn("Push: this handle does not take tasks", str(raised.exception))
        with self.assertRaises(SPMFieldUnsetError) as raised:
            typedef.complete_snapshot(hdl, "manage")
        self.assertEqual("manage: 2 deferred fields are not set: spm.meta.apiArgs, spm.meta.timeout",
                         str(raised.exception))
        hdl.spm.meta.apiArgs = dict(app="/bin/hello_world", appOptions="-prefix='app'")
        hdl.spm.meta.timeout = timeout.after(seconds=10)
        data = typedef.complete_snapshot(hdl, "manage")
        self.assertEqual("-prefix='app'", data["spm"]["meta"]["apiArgs"]["appOptions"])


class SpellingsTest(unittest.TestCase):
    def test_c_like_spelling_means_the_same(self):
        colon = typedef.parse(SCIPY_DEMO)
        c_like = typedef.parse(SCIPY_DEMO_C_LIKE)
        self.assertEqual(colon, c_like)
        self.assertEqual(hash(colon), hash(c_like))
        self.assertEqual(fields_of(colon), fields_of(c_like))

    def test_designs_one_line_forms(self):
        colon = typedef.parse("task<list>::struct { spm::struct { meta::struct { label ::scalar<stringSnippet>"
                              " = deferred; }; }; nMin ::scalar<auto> = deferred; };")
        c_like = typedef.parse("task<list> { struct spm { struct meta { scalar<stringSnippet> label = deferred;"
                               " }; }; scalar<auto> nMin = deferred; };")
        self.assertEqual(colon, c_like)
        self.assertEqual([("spm.meta.label", "scalar<stringSnippet>", typedef.DEFERRED),
                          ("nMin", "scalar<auto>", typedef.DEFERRED)], fields_of(c_like))

    def test_spellings_mix(self):
        mixed = typedef.parse("task<list> :: struct { struct spm { meta :: struct { scalar<stringSnippet> "
                              "label = deferred; }; }; nMin :: scalar<auto> = deferred; };")
        c_like = typedef.parse("task<list> { struct spm { struct meta { scalar<stringSnippet> label = deferred;"
                               " }; }; scalar<auto> nMin = deferred; };")
        self.assertEqual(c_like, mixed)

    def test_differences_make_schemas_differ(self):
        base = "task<list> { scalar<auto> a = 1; scalar<bool> b = None; };"
        self.assertEqual(typedef.parse(base), typedef.parse(base.replace(" ", "  ")))
        for other in ("task<template> { scalar<auto> a = 1; scalar<bool> b = None; };",
                      "task<list> { scalar<auto> a = True; scalar<bool> b = None; };",
                      "task<list> { scalar<auto> a = 1.0; scalar<bool> b = None; };",
                      "task<list> { scalar<auto> a = deferred; scalar<bool> b = None; };",
                      "task<list> { scalar<bool> b = None; scalar<auto> a = 1; };",
                      "task<list> { scalar<auto> a = 1; scalar<auto> b = None; };",
                      "task<list> { scalar<auto> a = 1; scalar<bool> c = None; };",
                      "task<list> { scalar<auto> a = 1; struct s { scalar<bool> b = None; }; };"):
            self.assertNotEqual(typedef.parse(base), typedef.parse(other), other)

    def test_canonical_text_parses_to_the_same_schema(self):
        for text in (SCIPY_DEMO, SCIPY_IS_PRIME, PYHPC_DEMO, LITERALS):
            schema = typedef.parse(text)
            again = typedef.parse(schema.canonical())
            self.assertEqual(schema, again)
            self.assertEqual(fields_of(schema), fields_of(again))
        self.assertEqual('task<list> :: struct {\n    s :: struct {\n        a :: scalar<auto> = "q";\n    };\n'
                         '    b :: scalar<bool> = None;\n};\n',
                         typedef.parse("task<list> { struct s { scalar<auto> a = 'q'; }; "
                                       "scalar<bool> b = None; };").canonical())


LITERALS = r"""
task<template> {
    scalar<auto> i = 42;
    scalar<auto> n = -7;
    scalar<auto> f = 2.5;
    scalar<auto> e = 1e3;
    scalar<auto> s = 'single # not a comment';
    scalar<stringSnippet> d = "say \"hi\"\n\t\\";
    scalar<bool> t = True;
    scalar<bool> no = False;
    scalar<auto> nothing = None;
    scalar<timeout> later = deferred;
};
"""


class SentinelsTest(unittest.TestCase):
    """`deferred` and spm.env.const.default (spm._sentinel): one value each, with its own repr and
    type, that stays itself through pickling and copying."""

    def test_each_is_one_value_that_survives_pickling(self):
        import copy
        from spm.env import _Default
        from spm.typedef.schema import _Deferred
        for value, cls, text in ((spm.env.const.default, _Default, "spm.env.const.default"),
                                 (typedef.DEFERRED, _Deferred, "deferred")):
            self.assertIs(value, cls())
            self.assertEqual(text, repr(value))
            self.assertIs(value, pickle.loads(pickle.dumps(value)))
            self.assertIs(value, copy.copy(value))
            self.assertIs(value, copy.deepcopy(value))
        self.assertIsNot(type(spm.env.const.default), type(typedef.DEFERRED))
        self.assertNotEqual(spm.env.const.default, typedef.DEFERRED)


class LexingAndDefaultsTest(unittest.TestCase):
    def test_literal_defaults(self):
        hdl = typedef.parse(LITERALS).new_handle()
        self.assertEqual(42, hdl.i)
        self.assertEqual(-7, hdl.n)
        self.assertEqual(2.5, hdl.f)
        self.assertEqual((float, 1000.0), (type(hdl.e), hdl.e))
        self.assertEqual("single # not a comment", hdl.s)
        self.assertEqual('say "hi"\n\t\\', hdl.d)
        self.assertIs(True, hdl.t)
        self.assertIs(False, hdl.no)
        self.assertIsNone(hdl.nothing)
        self.assertEqual(["later"], typedef.missing(hdl))
        self.assertIs(int, type(hdl.i))

    def test_comments_anywhere(self):
        text = ("# a typedef\ntask<list> # the kind\n{ # opens\n  # struct spm { ; broken };\n"
                "  scalar<auto> x = 1; # x\n  # last\n}; # done")
        self.assertEqual(typedef.parse("task<list> { scalar<auto> x = 1; };"), typedef.parse(text))

    def test_whitespace_is_free(self):
        spaced = ("task < list >\t::\r\n struct\n{\n label\n ::\n scalar < stringSnippet > =\n deferred\n ;\n"
                  "scalar<auto>\tx=1;}\n;\n")
        tight = "task<list>::struct{label::scalar<stringSnippet>=deferred;x::scalar<auto>=1;};"
        self.assertEqual(typedef.parse(tight), typedef.parse(spaced))
        self.assertEqual(2, len(typedef.parse(tight).fields()))

    def test_dict_type_arguments_take_spaces(self):
        schema = typedef.parse("task<list> { dict < string , mixed > d = None; };")
        self.assertEqual("dict<string,mixed>", schema.type_of("d"))

    def test_none_only_where_declared(self):
        hdl = typedef.parse("task<list> { scalar<bool> a = None; scalar<bool> b = True; "
                            "scalar<bool> c = deferred; scalar<auto> d = deferred; };").new_handle()
        hdl.a = True
        hdl.a = None
        self.assertIsNone(hdl.a)
        for name in ("b", "c"):
            with self.assertRaises(SPMFieldTypeError) as raised:
                setattr(hdl, name, None)
            self.assertEqual("%s: expected scalar<bool> (True or False), got NoneType None" % name,
                             str(raised.exception))
        hdl.c = False
        hdl.d = None  # None is a picklable value: scalar<auto> takes it
        self.assertEqual([], typedef.missing(hdl))


class TypedefErrorsTest(unittest.TestCase):
    def assertTypedefError(self, text, lineno, col, *fragments):
        with self.assertRaises(SPMTypedefError) as raised:
            typedef.parse(text)
        e = raised.exception
        self.assertEqual((lineno, col), (e.lineno, e.col), str(e))
        self.assertEqual(col, e.offset)
        self.assertTrue(str(e).startswith("typedef line %d, column %d: " % (lineno, col)), str(e))
        for fragment in fragments:
            self.assertIn(fragment, str(e))
        lines = text.splitlines()
        self.assertEqual(lines[lineno - 1] if lineno <= len(lines) else "", e.text)
        return e

    def test_missing_semicolon_is_reported_where_it_belongs(self):
        e = self.assertTypedefError("task<list> {\n    scalar<auto> x = deferred\n};\n", 2, 30,
                                    "expected ';' after the default of x, got '}' at line 3, column 1")
        self.assertIsInstance(e, SyntaxError)
        self.assertIsInstance(e, SPMException)

    def test_broken_paper_text(self):
        anchor = "label    :: scalar<stringSnippet> = deferred;"
        index = SCIPY_DEMO.index(anchor) + len(anchor) - 1
        broken = SCIPY_DEMO[:index] + SCIPY_DEMO[index + 1:]
        lineno, col = position(broken, index)
        self.assertEqual((6, 51), (lineno, col))
        self.assertTypedefError(broken, lineno, col, "expected ';' after the default of spm.meta.label",
                                "got 'api'")

    def test_unknown_kind(self):
        self.assertTypedefError("task<queue> { };", 1, 6, "unknown kind task<queue>", "task<list>, task<template>")

    def test_unknown_type(self):
        self.assertTypedefError("task<list> {\n  x :: scalar<int> = None;\n};", 2, 8, "unknown type scalar<int>",
                                "scalar<stringSnippet>", "dict<string,mixed>")
        self.assertTypedefError("task<list> { list<string> x = None; };", 1, 14, "expected a member")
        self.assertTypedefError("task<list> { x :: list<string> = None; };", 1, 19, "expected a type")

    def test_duplicate_field(self):
        self.assertTypedefError("task<list> {\n  x :: scalar<auto> = None;\n  scalar<bool> x = None;\n};",
                                3, 16, "duplicate field 'x' in the task", "first declared at line 2, column 3")
        self.assertTypedefError("task<list> { struct s { }; s :: struct { }; };", 1, 28,
                                "duplicate field 's' in the task")
        self.assertTypedefError("task<list> { struct s { scalar<auto> a = 1; scalar<auto> a = 2; }; };", 1, 58,
                                "duplicate field 'a' in s")

    def test_unexpected_characters(self):
        self.assertTypedefError("task<list> {\n  x :: scalar<auto> = None; @\n};", 2, 29, "unexpected character '@'")
        self.assertTypedefError("task<list> {\n  x : scalar<auto> = None;\n};", 2, 5, "unexpected ':'")

    def test_strings(self):
        self.assertTypedefError('task<list> {\n  x :: scalar<auto> = "abc;\n};', 2, 23, "string not closed")
        self.assertTypedefError('task<list> {\n  x :: scalar<auto> = "a\\qb";\n};', 2, 25, "unknown escape \\q")

    def test_structure(self):
        self.assertTypedefError("task<list> {\n  x :: scalar<auto> = None;\n", 3, 1,
                                "expected '}' to close the task (opened at line 1, column 12)")
        self.assertTypedefError("task<list> { };\nextra", 2, 1, "expected the end of the typedef")
        self.assertTypedefError("struct { };", 1, 1, "expected 'task<list>', 'task<template>' or 'task<dag>'")
        self.assertTypedefError("task<list>:: { };", 1, 14, "expected 'struct' after 'task<list>::'")
        self.assertTypedefError("task<list> { s :: struct { } x :: scalar<auto> = None; };", 1, 29,
                                "expected ';' after the closing '}' of s")
        self.assertTypedefError("task<list> { }", 1, 15, "expected ';' after the task's closing '}'",
                                "got the end of the typedef")
        self.assertTypedefError("", 1, 1, "expected 'task<list>', 'task<template>' or 'task<dag>'")
        self.assertTypedefError("task<list> { s :: struct ; };", 1, 25, "expected '{' to open s, got ';'")
        self.assertTypedefError("task<list> struct { };", 1, 11, "expected '{' to open the task, got 'struct'")

    def test_defaults(self):
        self.assertTypedefError("task<list> { x :: scalar<auto>; };", 1, 31, "expected '=' and a default")
        self.assertTypedefError("task<list> { x :: scalar<auto> = maybe; };", 1, 34,
                                "expected the default of x: deferred, None")
        self.assertTypedefError("task<list> {\n  scalar<bool>   y = 3;\n};", 2, 22,
                                "default 3 of y does not fit scalar<bool> (True or False)")
        self.assertTypedefError("task<list> { x :: scalar<stringSnippet> = '%s'; };" % ("z" * 35), 1, 43,
                                "does not fit scalar<stringSnippet>")
        for type_name in ("scalar<timeout>", "scalar<ApiMethod>", "scalar<record>", "tuple<string>",
                          "dict<string,mixed>"):
            self.assertTypedefError("task<list> { x :: %s = 'a'; };" % type_name, 1, 22 + len(type_name),
                                    "does not fit %s" % type_name)

    def test_field_names(self):
        self.assertTypedefError("task<list> { _x :: scalar<auto> = None; };", 1, 14, "names starting with '_'")
        self.assertTypedefError("task<list> { scalar<auto> class = None; };", 1, 27, "Python keyword")
        self.assertTypedefError("task<list> { Push :: scalar<auto> = None; };", 1, 14, "reserved")
        hdl = typedef.parse("task<list> { s :: struct { Push :: scalar<auto> = 1; }; };").new_handle()
        self.assertEqual(1, hdl.s.Push)

    def test_text_must_be_a_str(self):
        with self.assertRaises(TypeError):
            typedef.parse(["task<list> { };"])

    def test_error_pickles_with_its_position(self):
        with self.assertRaises(SPMTypedefError) as raised:
            typedef.parse("task<list> {\n  x :: scalar<auto> = None\n};")
        again = pickle.loads(pickle.dumps(raised.exception))
        self.assertEqual((type(raised.exception), str(raised.exception), 2, 27),
                         (type(again), str(again), again.lineno, again.col))


class FieldTypesTest(unittest.TestCase):
    """Every type's accepted and refused values."""

    TEXT = """task<list> {
        s :: scalar<stringSnippet> = deferred;  api :: scalar<ApiMethod> = deferred;
        t :: scalar<timeout> = deferred;        b :: scalar<bool> = deferred;
        a :: scalar<auto> = deferred;           r :: scalar<record> = deferred;
        ts :: tuple<string> = deferred;         d :: dict<string,mixed> = deferred;
    };"""

    def setUp(self):
        self.hdl = typedef.parse(self.TEXT).new_handle()

    def accepts(self, field, *values):
        for value in values:
            setattr(self.hdl, field, value)
            self.assertIs(value, getattr(self.hdl, field))

    def refuses(self, field, value, message):
        before = typedef.snapshot(self.hdl).get(field, "unset")
        with self.assertRaises(SPMFieldTypeError) as raised:
            setattr(self.hdl, field, value)
        self.assertEqual(message, str(raised.exception))
        self.assertEqual(field, raised.exception.path)
        self.assertIsInstance(raised.exception, TypeError)
        self.assertEqual(before, typedef.snapshot(self.hdl).get(field, "unset"))  # unchanged

    def test_string_snippet(self):
        self.accepts("s", "", "***", "x" * 34)
        expected = "s: expected scalar<stringSnippet> (a str shorter than 35 characters), got "
        self.refuses("s", "x" * 35, expected + "str %r (35 characters)" % ("x" * 35))
        self.refuses("s", "y" * 70, expected + "str '%s... (70 characters)" % ("y" * 56))
        self.refuses("s", 5, expected + "int 5")
        self.refuses("s", b"abc", expected + "bytes b'abc'")

    def test_api_method(self):
        self.accepts("api", fake_shell)
        expected = "api: expected scalar<ApiMethod> (a built-in spm API, e.g. spm.util.coprocess.shell.policyA), got "
        self.refuses("api", not_an_api, expected + "function %r (not a built-in spm API)" % (not_an_api,))
        self.refuses("api", "hostname", expected + "str 'hostname'")

        class Marked:  # marked, but not callable
            _spm_api = True

            def __repr__(self):
                return "<marked>"
        self.refuses("api", Marked(), expected + "Marked <marked>")

        self.refuses("api", marked_false, expected + "function %r (not a built-in spm API)" % (marked_false,))

        class Hostile:
            def __getattr__(self, name):
                raise RuntimeError("no attributes here")

            def __call__(self):
                pass

            def __repr__(self):
                return "<hostile>"
        self.refuses("api", Hostile(), expected + "Hostile <hostile> (not a built-in spm API)")

    def test_timeout(self):
        self.accepts("t", timeout.after(seconds=2), timeout.after(seconds=0.5))
        expected = "t: expected scalar<timeout> (a spm.util.timeout.after(seconds = ...) value), got "
        self.refuses("t", 2, expected + "int 2")
        self.refuses("t", None, expected + "NoneType None")

    def test_bool(self):
        self.accepts("b", True, False)
        expected = "b: expected scalar<bool> (True or False), got "
        self.refuses("b", 1, expected + "int 1")
        self.refuses("b", 0, expected + "int 0")
        self.refuses("b", "True", expected + "str 'True'")

    def test_auto(self):
        self.accepts("a", 3, 2.5, "text", [1, 2], {"k": (1, 2)}, Record(x=1), timeout.after(seconds=1), None,
                     fake_shell)
        expected = "a: expected scalar<auto> (any picklable value), got "
        with self.assertRaises(SPMFieldTypeError) as raised:
            self.hdl.a = lambda: 0
        self.assertTrue(str(raised.exception).startswith(expected + "function <function"), str(raised.exception))
        self.assertIn("(not picklable: ", str(raised.exception))
        with self.assertRaises(SPMFieldTypeError) as raised:
            self.hdl.a = [1, Unpicklable()]
        self.assertIn("(not picklable: cannot pickle Unpicklable)", str(raised.exception))

    def test_record(self):
        self.accepts("r", Record(), Record(stdOut="a", exitStatus=0))
        expected = "r: expected scalar<record> (a spm.typedef.Record), got "
        self.refuses("r", {"stdOut": "a"}, expected + "dict {'stdOut': 'a'}")
        with self.assertRaises(SPMFieldTypeError) as raised:
            self.hdl.r = Record(handle=Unpicklable())
        self.assertIn("(not picklable: cannot pickle Unpicklable)", str(raised.exception))

    def test_tuple_of_strings(self):
        self.accepts("ts", (), ("a",), ("a", "b"))
        expected = "ts: expected tuple<string> (a tuple of str), got "
        self.refuses("ts", ["a"], expected + "list ['a']")
        self.refuses("ts", ("a", 1), expected + "tuple ('a', 1) (item 1 is int)")
        self.refuses("ts", "a", expected + "str 'a'")

    def test_dict_of_string_to_mixed(self):
        self.accepts("d", {}, {"cmd": "hostname", "timeout": timeout.after(seconds=2), "n": [1]})
        expected = "d: expected dict<string,mixed> (a dict with str keys and picklable values), got "
        self.refuses("d", {1: "a"}, expected + "dict {1: 'a'} (key 1 is int)")
        self.refuses("d", [("a", 1)], expected + "list [('a', 1)]")
        with self.assertRaises(SPMFieldTypeError) as raised:
            self.hdl.d = {"f": Unpicklable()}
        self.assertIn("(value of 'f' is not picklable: cannot pickle Unpicklable)", str(raised.exception))

    def test_the_type_list(self):
        self.assertEqual(("scalar<stringSnippet>", "scalar<ApiMethod>", "scalar<timeout>", "scalar<bool>",
                          "scalar<auto>", "scalar<record>", "tuple<string>", "dict<string,mixed>"),
                         typedef.TYPE_NAMES)


class HandleTest(unittest.TestCase):
    def test_reads_and_writes_by_path(self):
        hdl = filled_demo_handle()
        self.assertEqual("***", hdl.spm.meta.label)
        self.assertIs(fake_shell, hdl.spm.meta.api)
        self.assertIsNone(hdl.spm.core.relaunchPre)
        hdl.spm.core.relaunchPre = True
        self.assertIs(True, hdl.spm.core.relaunchPre)

    def test_unknown_field(self):
        hdl = demo_handle()
        with self.assertRaises(SPMFieldAttributeError) as raised:
            hdl.spm.meta.lable = "***"
        self.assertEqual("spm.meta.lable: no such field (fields of spm.meta: label, api, apiArgs, timeout); "
                         "did you mean label?", str(raised.exception))
        self.assertEqual("spm.meta.lable", raised.exception.path)
        self.assertIsInstance(raised.exception, AttributeError)
        with self.assertRaises(AttributeError) as raised:
            hdl.spm.meta.lable
        self.assertIn("spm.meta.lable: no such field", str(raised.exception))
        with self.assertRaises(AttributeError) as raised:
            hdl.nMin = 2
        self.assertEqual("nMin: no such field (fields of the task: spm)", str(raised.exception))
        with self.assertRaises(AttributeError) as raised:
            hdl.spm.stat.Push()
        self.assertIn("spm.stat.Push: no such field", str(raised.exception))
        self.assertFalse(hasattr(hdl.spm, "nothing"))
        with self.assertRaises(AttributeError):
            hdl._payload_hack = 1

    def test_assigning_a_struct(self):
        hdl = filled_demo_handle()
        with self.assertRaises(SPMFieldAttributeError) as raised:
            hdl.spm.meta = {"label": "x"}
        self.assertEqual("spm.meta: is a struct (fields: label, api, apiArgs, timeout); assign its fields one by one",
                         str(raised.exception))
        with self.assertRaises(SPMFieldAttributeError):
            hdl.spm = hdl.spm
        self.assertEqual("***", hdl.spm.meta.label)

    def test_reading_an_unset_deferred_field(self):
        hdl = demo_handle()
        with self.assertRaises(SPMFieldUnsetError) as raised:
            hdl.spm.meta.timeout
        self.assertEqual("spm.meta.timeout: deferred field is not set yet", str(raised.exception))
        self.assertEqual(["spm.meta.timeout"], raised.exception.paths)
        self.assertIsInstance(raised.exception, ValueError)
        self.assertIsInstance(raised.exception, SPMFieldError)

    def test_fields_cannot_be_deleted(self):
        hdl = filled_demo_handle()
        with self.assertRaises(SPMFieldAttributeError):
            del hdl.spm.meta.label
        self.assertEqual("***", hdl.spm.meta.label)

    def test_struct_views_share_the_handle(self):
        hdl = demo_handle()
        meta = hdl.spm.meta
        self.assertIs(meta, hdl.spm.meta)
        meta.label = "via view"
        self.assertEqual("via view", hdl.spm.meta.label)
        self.assertEqual(typedef.parse(SCIPY_DEMO), typedef.schema_of(meta))

    def test_missing_lists_unset_deferred_fields_in_order(self):
        hdl = typedef.parse(SCIPY_IS_PRIME).new_handle()
        self.assertEqual(["spm.meta.label", "spm.meta.path", "spm.meta.modulePreload", "spm.meta.module",
                          "spm.meta.timeout", "nMin", "nMax"], typedef.missing(hdl))
        hdl.nMin = 2
        hdl.spm.meta.path = ()
        self.assertEqual(["spm.meta.label", "spm.meta.modulePreload", "spm.meta.module", "spm.meta.timeout",
                          "nMax"], typedef.missing(hdl))

    def test_field_names_that_look_like_helpers(self):
        text = ("task<list> { scalar<auto> missing = 1; scalar<auto> snapshot = 2; scalar<auto> schema = 3; "
                "scalar<auto> Has = 4; struct handle_from { scalar<auto> new_handle = deferred; }; "
                "scalar<auto> require = deferred; };")
        pushed = []
        hdl = typedef.parse(text).new_handle(on_push=pushed.append)
        self.assertEqual((1, 2, 3, 4), (hdl.missing, hdl.snapshot, hdl.schema, hdl.Has))
        self.assertEqual(["handle_from.new_handle", "require"], typedef.missing(hdl))
        hdl.missing = "m"
        hdl.handle_from.new_handle = 5
        hdl.require = 6
        hdl.Push()
        self.assertEqual({"missing": "m", "snapshot": 2, "schema": 3, "Has": 4, "handle_from": {"new_handle": 5},
                          "require": 6}, pushed[0])

    def test_dir_and_repr(self):
        hdl = demo_handle()
        self.assertEqual(["Push", "spm"], dir(hdl))
        self.assertEqual(["api", "apiArgs", "label", "timeout"], dir(hdl.spm.meta))
        hdl.spm.meta.label = "***"
        self.assertIn("'meta': {'label': '***', 'api': <unset>", repr(hdl))
        self.assertTrue(repr(hdl).startswith("<task<list> handle: {'spm': {"))
        self.assertTrue(repr(hdl.spm.meta).startswith("<spm.meta of a task<list> handle: {'label': '***'"))

    def test_field_functions_by_path(self):
        hdl = demo_handle()
        typedef.set_field(hdl, "spm.meta.label", "abc")
        self.assertEqual("abc", hdl.spm.meta.label)
        self.assertEqual("abc", typedef.get_field(hdl, "spm.meta.label"))
        self.assertTrue(typedef.is_set(hdl, "spm.meta.label"))
        self.assertFalse(typedef.is_set(hdl, "spm.meta.api"))
        self.assertTrue(typedef.is_set(hdl, "spm.core.whoAmI"))  # a default counts
        with self.assertRaises(SPMFieldTypeError):
            typedef.set_field(hdl, "spm.meta.label", 3)
        with self.assertRaises(SPMFieldAttributeError) as raised:
            typedef.get_field(hdl, "spm.meta.nope")
        self.assertIn("spm.meta.nope: no such field (fields of spm.meta:", str(raised.exception))
        with self.assertRaises(SPMFieldAttributeError) as raised:
            typedef.set_field(hdl, "spm.nope.x", 1)
        self.assertIn("spm.nope.x: no such field", str(raised.exception))
        with self.assertRaises(SPMFieldAttributeError):
            typedef.set_field(hdl, "spm.meta", {})
        with self.assertRaises(SPMFieldAttributeError) as raised:
            typedef.is_set(hdl, "spm.core")
        self.assertEqual("spm.core: is a struct (fields: relaunchPre, relaunchPost, nameHost, whoAmI); not a field",
                         str(raised.exception))
        typedef.set_field(hdl.spm.core, "spm.core.whoAmI", "spoke-3")
        self.assertEqual("spoke-3", hdl.spm.core.whoAmI)

    def test_module_functions_want_a_handle(self):
        for function in (typedef.missing, typedef.snapshot, typedef.schema_of):
            with self.assertRaises(TypeError):
                function({"spm": {}})


class PushTest(unittest.TestCase):
    def test_push_names_every_unset_deferred_field(self):
        pushed = []
        hdl = demo_handle(pushed.append)
        hdl.spm.meta.label = "***"
        with self.assertRaises(SPMFieldUnsetError) as raised:
            hdl.Push()
        self.assertEqual("Push: 3 deferred fields are not set: spm.meta.api, spm.meta.apiArgs, spm.meta.timeout",
                         str(raised.exception))
        self.assertEqual(["spm.meta.api", "spm.meta.apiArgs", "spm.meta.timeout"], raised.exception.paths)
        self.assertEqual([], pushed)
        hdl.spm.meta.api = fake_shell
        hdl.spm.meta.apiArgs = {}
        with self.assertRaises(ValueError) as raised:
            hdl.Push()
        self.assertEqual("Push: 1 deferred field is not set: spm.meta.timeout", str(raised.exception))

    def test_push_hands_over_independent_snapshots(self):
        pushed = []
        hdl = filled_demo_handle(pushed.append)
        args = {"cmd": "one", "opts": ["-a"]}
        hdl.spm.meta.apiArgs = args
        hdl.Push()
        args["cmd"] = "changed after Push"
        args["opts"].append("-b")
        hdl.spm.meta.apiArgs["cmd"] = "changed through the handle"
        hdl.spm.meta.apiArgs = {"cmd": "two"}
        hdl.Push()
        self.assertEqual([{"cmd": "one", "opts": ["-a"]}, {"cmd": "two"}],
                         [t["spm"]["meta"]["apiArgs"] for t in pushed])

    def test_push_without_a_task_list(self):
        hdl = filled_demo_handle()
        with self.assertRaises(TypeError):
            hdl.Push()
        hub = typedef.parse(SCIPY_DEMO).handle_from(typedef.snapshot(hdl))
        with self.assertRaises(TypeError):
            hub.Push()
        pushed = []
        again = typedef.parse(SCIPY_DEMO).handle_from(typedef.snapshot(hdl), on_push=pushed.append)
        again.Push()
        self.assertEqual(1, len(pushed))


class SnapshotTest(unittest.TestCase):
    def test_a_plain_dict_tree(self):
        hdl = filled_demo_handle()
        data = typedef.snapshot(hdl)
        self.assertEqual({
            "spm": {
                "meta": {"label": "***", "api": fake_shell,
                         "apiArgs": {"cmd": "hostname", "timeout": timeout.after(seconds=2)},
                         "timeout": timeout.after(seconds=10)},
                "core": {"relaunchPre": None, "relaunchPost": None, "nameHost": None, "whoAmI": None},
                "stat": {"exception": None, "returnValue": None},
            },
        }, data)
        self.assertIs(dict, type(data))
        self.assertIs(dict, type(data["spm"]["meta"]))
        self.assertEqual({"spm": {"meta": {}, "core": {"relaunchPre": None, "relaunchPost": None, "nameHost": None,
                                                      "whoAmI": None}, "stat": {"exception": None,
                                                                                "returnValue": None}}},
                         typedef.snapshot(demo_handle()))

    def test_snapshots_do_not_alias_the_handle(self):
        hdl = typedef.parse("task<list> { scalar<auto> a = deferred; dict<string,mixed> d = deferred; "
                            "scalar<record> r = deferred; scalar<timeout> t = deferred; };").new_handle()
        items = [1, [2]]
        hdl.a = items
        hdl.d = {"k": [1]}
        hdl.r = Record(out=[1])
        hdl.t = timeout.after(seconds=3)
        first = typedef.snapshot(hdl)
        items[1].append(3)
        hdl.d["k"].append(2)
        hdl.r.out.append(2)
        hdl.t.seconds = 99
        self.assertEqual({"a": [1, [2]], "d": {"k": [1]}, "r": Record(out=[1]), "t": timeout.after(seconds=3)}, first)
        hdl.a = "later"
        self.assertEqual([1, [2]], first["a"])
        second = typedef.snapshot(hdl)
        second["d"]["k"].append("snapshot's own")
        self.assertEqual([1, 2], hdl.d["k"])

    def test_copies_keep_what_pickle_keeps(self):
        from collections import OrderedDict
        hdl = typedef.parse("task<list> { scalar<auto> a = None; scalar<auto> b = None; "
                            "scalar<auto> c = None; };").new_handle()
        cycle = []
        cycle.append(cycle)
        hdl.a = cycle
        hdl.b = OrderedDict(z=1, a=[2])
        hdl.c = {"default": spm.env.const.default, "set": {1, 2}, "frozen": frozenset("ab"), "bytes": b"x"}
        data = typedef.snapshot(hdl)
        self.assertIs(data["a"], data["a"][0])
        self.assertIsNot(cycle, data["a"])
        self.assertIs(OrderedDict, type(data["b"]))
        self.assertEqual(["z", "a"], list(data["b"]))
        self.assertIsNot(hdl.b["a"], data["b"]["a"])
        self.assertIs(spm.env.const.default, data["c"]["default"])
        self.assertEqual({1, 2}, data["c"]["set"])
        self.assertIsNot(hdl.c["set"], data["c"]["set"])

    def test_a_snapshot_checks_values_changed_in_place(self):
        hdl = filled_demo_handle()
        hdl.spm.meta.apiArgs[3] = "an int key added in place"
        with self.assertRaises(SPMFieldTypeError) as raised:
            typedef.snapshot(hdl)
        self.assertIn("spm.meta.apiArgs: expected dict<string,mixed>", str(raised.exception))
        self.assertIn("(key 3 is int)", str(raised.exception))

    def test_handle_from_round_trip(self):
        schema = typedef.parse(SCIPY_DEMO)
        hdl = filled_demo_handle()
        hdl.spm.stat.returnValue = Record(stdOut="x\n", exitStatus=0)
        data = typedef.snapshot(hdl)
        again = schema.handle_from(data)
        self.assertEqual(data, typedef.snapshot(again))
        self.assertEqual(Record(stdOut="x\n", exitStatus=0), again.spm.stat.returnValue)
        data["spm"]["meta"]["apiArgs"]["cmd"] = "changed in the snapshot"
        self.assertEqual("hostname", again.spm.meta.apiArgs["cmd"])

    def test_handle_from_a_partial_snapshot(self):
        schema = typedef.parse(SCIPY_IS_PRIME)
        hdl = schema.handle_from({"nMin": 2, "spm": {"meta": {"module": "is_prime"}}})
        self.assertEqual(2, hdl.nMin)
        self.assertEqual("is_prime", hdl.spm.meta.module)
        self.assertIsNone(hdl.spm.stat.returnValue)
        self.assertEqual(["spm.meta.label", "spm.meta.path", "spm.meta.modulePreload", "spm.meta.timeout", "nMax"],
                         typedef.missing(hdl))

    def test_handle_from_checks_the_snapshot(self):
        schema = typedef.parse(SCIPY_IS_PRIME)
        with self.assertRaises(SPMFieldTypeError) as raised:
            schema.handle_from({"spm": {"meta": {"path": ["/a"]}}})
        self.assertEqual("spm.meta.path: expected tuple<string> (a tuple of str), got list ['/a']",
                         str(raised.exception))
        with self.assertRaises(SPMFieldAttributeError) as raised:
            schema.handle_from({"spm": {"meat": {}}})
        self.assertIn("spm.meat: no such field (fields of spm: meta, core, stat)", str(raised.exception))
        with self.assertRaises(SPMFieldAttributeError):
            schema.handle_from({1: 2})
        with self.assertRaises(SPMFieldTypeError) as raised:
            schema.handle_from({"spm": 5})
        self.assertEqual("spm: expected a snapshot of a struct (a dict), got int 5", str(raised.exception))
        with self.assertRaises(SPMFieldTypeError):
            schema.handle_from(None)

    def test_snapshots_pickle(self):
        hdl = filled_demo_handle()
        hdl.spm.stat.returnValue = Record(stdOut="a", stdErr="", exitStatus=0)
        hdl.spm.stat.exception = "Traceback ..."
        data = typedef.snapshot(hdl)
        again = pickle.loads(pickle.dumps(data))
        self.assertEqual(data, again)
        self.assertIs(fake_shell, again["spm"]["meta"]["api"])

    def test_handles_and_schemas_pickle(self):
        schema = typedef.parse(SCIPY_DEMO)
        self.assertEqual(schema, pickle.loads(pickle.dumps(schema)))
        hdl = filled_demo_handle()
        again = pickle.loads(pickle.dumps(hdl))
        self.assertIsInstance(again, typedef.Handle)
        self.assertEqual(typedef.snapshot(hdl), typedef.snapshot(again))
        meta = pickle.loads(pickle.dumps(hdl.spm.meta))
        self.assertEqual("***", meta.label)
        self.assertEqual("spm.meta", meta._node.path)

    def test_task_exceptions_carry_a_picklable_handle(self):
        hdl = filled_demo_handle()
        hdl.spm.stat.exception = "boom"
        raised = pickle.loads(pickle.dumps(SPMTaskEval(hdl)))
        (again,) = raised.args
        self.assertEqual("boom", again.spm.stat.exception)


class RecordTest(unittest.TestCase):
    def test_attributes_and_has(self):
        r = Record(stdOut="out", stdErr="", exitStatus=1)
        self.assertEqual(("out", "", 1), (r.stdOut, r.stdErr, r.exitStatus))
        self.assertTrue(r.Has(attr="stdOut"))
        self.assertTrue(r.Has("stdErr"))
        self.assertFalse(r.Has(attr="stdOutErr"))
        self.assertIs(bool, type(r.Has(attr="stdOut")))
        with self.assertRaises(AttributeError) as raised:
            r.stdOutErr
        self.assertEqual("Record has no attribute 'stdOutErr' (it has: stdOut, stdErr, exitStatus); "
                         "test with Has(attr = ...)", str(raised.exception))
        r.extra = 5
        self.assertTrue(r.Has(attr="extra"))

    def test_repr_equality_and_pickle(self):
        r = Record(stdOut="a\n", exitStatus=0)
        self.assertEqual("Record(stdOut='a\\n', exitStatus=0)", repr(r))
        self.assertEqual("Record()", repr(Record()))
        self.assertEqual(r, pickle.loads(pickle.dumps(r)))
        self.assertEqual(r, Record(stdOut="a\n", exitStatus=0))
        self.assertNotEqual(r, Record(stdOut="a\n", exitStatus=1))
        self.assertNotEqual(r, {"stdOut": "a\n", "exitStatus": 0})

    def test_reserved_names(self):
        with self.assertRaises(AttributeError):
            Record(Has=True)
        with self.assertRaises(AttributeError):
            Record(_x=1)
        self.assertTrue(Record(x=1).Has(attr="x"))


class RequireTest(unittest.TestCase):
    def test_papers_fit_their_closures(self):
        self.assertIsNone(typedef.parse(SCIPY_DEMO).require(PAPPLY_NEEDS, kind="list"))
        self.assertIsNone(typedef.parse(SCIPY_IS_PRIME).require(PINTERP_NEEDS, kind="list"))
        self.assertIsNone(typedef.parse(PYHPC_DEMO).require(
            {"spm.meta.apiArgs": "dict<string,mixed>", "spm.meta": "struct", "spm.core.whoAmI": None},
            kind="template"))

    def test_every_problem_is_listed(self):
        schema = typedef.parse(SCIPY_IS_PRIME)
        with self.assertRaises(SPMTypedefRequirementError) as raised:
            schema.require(PAPPLY_NEEDS, kind="template", who="macro.papply.template.grainCoarse.policyA")
        e = raised.exception
        self.assertEqual([
            "the kind is task<list>, macro.papply.template.grainCoarse.policyA needs task<template>",
            "spm.meta.api: missing (needs scalar<ApiMethod>)",
            "spm.meta.apiArgs: missing (needs dict<string,mixed>)",
        ], e.problems)
        self.assertTrue(str(e).startswith("the typedef does not fit macro.papply.template.grainCoarse.policyA "
                                          "(3 problems):\n  the kind is"), str(e))
        self.assertIsInstance(e, TypeError)
        self.assertIsInstance(e, SPMException)

    def test_wrong_types_name_their_line(self):
        schema = typedef.parse(SCIPY_DEMO)
        with self.assertRaises(SPMTypedefRequirementError) as raised:
            schema.require({"spm.meta.label": "scalar<auto>", "spm.stat.returnValue": ("scalar<auto>", "tuple<string>"),
                            "spm.core": "scalar<auto>", "spm.meta.label.x": None, "nMin": None})
        self.assertEqual([
            "spm.meta.label (line 6, column 7): is scalar<stringSnippet>, needs scalar<auto>",
            "spm.stat.returnValue (line 19, column 7): is scalar<record>, needs scalar<auto> or tuple<string>",
            "spm.core (line 11, column 5): is struct, needs scalar<auto>",
            "spm.meta.label.x: missing (needs any type)",
            "nMin: missing (needs any type)",
        ], raised.exception.problems)

    def test_schema_lookups(self):
        schema = typedef.parse(SCIPY_DEMO)
        self.assertEqual({"spm.core.relaunchPre": None, "spm.core.relaunchPost": None, "spm.core.nameHost": None,
                          "spm.core.whoAmI": None, "spm.stat.exception": None, "spm.stat.returnValue": None},
                         schema.defaults())
        self.assertEqual(("spm.meta.label", "spm.meta.api", "spm.meta.apiArgs", "spm.meta.timeout"),
                         schema.deferred_paths())
        self.assertTrue(schema.has("spm.core.nameHost"))
        self.assertFalse(schema.has("nMin"))
        self.assertEqual("struct", schema.type_of("spm.meta"))
        self.assertEqual("scalar<ApiMethod>", schema.type_of("spm.meta.api"))
        with self.assertRaises(SPMFieldAttributeError):
            schema.type_of("spm.meta.nope")


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
