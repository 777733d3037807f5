"""Unit tests of spm._warmcode (docs/CLOUD.md, "Warm code across sessions"): a user module's code
object kept per path, given again only for the same source under the same flags, through the
importer a cloud's spoke uses (spm.legacy.importer), each import a fresh module.

Run with spm-python:
    bin/spm-python spm-python-stdlib/src/test/python/test_warmcode.py
tests/.../WarmCodeTest.java runs it so."""

import importlib
import os
import sys
import tempfile
import unittest

from spm import _warmcode


class WarmCodeTest(unittest.TestCase):
    def setUp(self):
        self.was = _warmcode.enabled
        self.codes = dict(_warmcode._codes)
        self.folder = tempfile.mkdtemp(prefix="warmcode-")
        sys.path.insert(0, self.folder)
        sys.path_importer_cache.clear()

    def tearDown(self):
        _warmcode.enabled = self.was
        _warmcode._codes.clear()
        _warmcode._codes.update(self.codes)
        sys.path.remove(self.folder)
        for name in [n for n in sys.modules if n.startswith("warmmod")]:
            del sys.modules[name]

    def compiler(self, source):
        calls = []

        def compile_code():
            calls.append(1)
            return compile(source, "/x/m.py", "exec")
        return compile_code, calls

    def test_off_compiles_every_time(self):
        _warmcode.enabled = False
        compile_code, calls = self.compiler("x = 1\n")
        _warmcode.code_of("/x/m.py", b"x = 1\n", "file", compile_code)
        _warmcode.code_of("/x/m.py", b"x = 1\n", "file", compile_code)
        # (Whether compile() itself gives the same code again is GraalPy's business.)
        self.assertEqual(len(calls), 2)

    def test_same_source_and_flags_give_the_same_code(self):
        _warmcode.enabled = True
        compile_code, calls = self.compiler("x = 1\n")
        a = _warmcode.code_of("/x/m.py", b"x = 1\n", "file", compile_code)
        b = _warmcode.code_of("/x/m.py", b"x = 1\n", "file", compile_code)
        self.assertIs(a, b)
        self.assertEqual(len(calls), 1)

    def test_other_source_other_flags_or_path_compile_anew(self):
        _warmcode.enabled = True
        first = _warmcode.code_of("/x/m.py", b"x = 1\n", "file", self.compiler("x = 1\n")[0])
        edited = _warmcode.code_of("/x/m.py", b"x = 2\n", "file", self.compiler("x = 2\n")[0])
        self.assertIsNot(first, edited)
        # The newest is kept: the first source again is compiled again.
        compile_code, calls = self.compiler("x = 1\n")
        _warmcode.code_of("/x/m.py", b"x = 1\n", "file", compile_code)
        self.assertEqual(len(calls), 1)
        compile_code, calls = self.compiler("x = 1\n")
        _warmcode.code_of("/x/m.py", b"x = 1\n", "shipped", compile_code)
        _warmcode.code_of("/y/m.py", b"x = 1\n", "shipped", compile_code)
        self.assertEqual(len(calls), 2)

    def test_at_most_the_limit_of_paths(self):
        _warmcode.enabled = True
        _warmcode._codes.clear()
        for i in range(_warmcode._LIMIT + 5):
            _warmcode.code_of("/x/%d.py" % i, b"", "file", lambda: compile("", "f", "exec"))
        self.assertEqual(len(_warmcode._codes), _warmcode._LIMIT)
        self.assertNotIn("/x/0.py", _warmcode._codes)
        self.assertIn("/x/%d.py" % (_warmcode._LIMIT + 4), _warmcode._codes)

    def write(self, text):
        with open(os.path.join(self.folder, "warmmod.py"), "w") as f:
            f.write(text)

    def fresh_import(self):
        sys.modules.pop("warmmod", None)
        return importlib.import_module("warmmod")

    def test_an_import_again_runs_the_same_code_into_a_fresh_module(self):
        _warmcode.enabled = True
        self.write("ITEMS = []\ndef f():\n    return 'one'\n")
        a = self.fresh_import()
        a.ITEMS.append(1)
        a.EXTRA = 1
        b = self.fresh_import()
        self.assertIsNot(a, b)
        self.assertIs(a.f.__code__, b.f.__code__)
        self.assertIsNot(a.f, b.f)
        self.assertEqual(b.ITEMS, [])
        self.assertFalse(hasattr(b, "EXTRA"))
        # An edit of the same size, its modification time put back: compiled anew all the same.
        path = os.path.join(self.folder, "warmmod.py")
        stat = os.stat(path)
        self.write("ITEMS = []\ndef f():\n    return 'two'\n")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        c = self.fresh_import()
        self.assertEqual(c.f(), "two")
        self.assertIsNot(c.f.__code__, a.f.__code__)


if __name__ == "__main__":
    unittest.main(verbosity=2)
