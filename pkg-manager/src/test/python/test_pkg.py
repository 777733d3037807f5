"""Unit tests of the package store's parts that need no second process: PEP 440 versions
(spm.pkg.version), the static check of probes and their running (spm.pkg.probes), and the store's
refusals (spm.pkg.store), each leaving the store as it was.

Run with spm-python (spm imports Java-backed modules):
    bin/spm-python pkg-manager/src/test/python/test_pkg.py
tests/.../PkgUnitTest.java runs it so."""

import os
import shutil
import tempfile
import unittest

from spm.exceptions import (
    SPMException,
    SPMInvalidVersion,
    SPMPackageBadInput,
    SPMPackageStoreError,
)
from spm.pkg import probes
from spm.pkg.store import Store
from spm.pkg.version import Version


class NormalizationTest(unittest.TestCase):
    CASES = [
        ("1.0", "1.0"), ("v1.0", "1.0"), ("V2", "2"), (" 1.2 ", "1.2"), ("01.002", "1.2"),
        ("1!2.0", "1!2.0"), ("0!1.0", "1.0"),
        ("1.0a1", "1.0a1"), ("1.0alpha1", "1.0a1"), ("1.0-a.1", "1.0a1"), ("1.0_beta_2", "1.0b2"),
        ("1.0c1", "1.0rc1"), ("1.0pre1", "1.0rc1"), ("1.0preview1", "1.0rc1"), ("1.0RC", "1.0rc0"),
        ("1.0.post1", "1.0.post1"), ("1.0post", "1.0.post0"), ("1.0-r4", "1.0.post4"),
        ("1.0rev2", "1.0.post2"), ("1.0-1", "1.0.post1"),
        ("1.0.dev3", "1.0.dev3"), ("1.0dev", "1.0.dev0"), ("1.0-dev_2", "1.0.dev2"),
        ("1.0a1.post2.dev3", "1.0a1.post2.dev3"),
        ("1.0+Ubuntu-1", "1.0+ubuntu.1"), ("1.0+cuda_12.4", "1.0+cuda.12.4"), ("1.0+007", "1.0+7"),
    ]

    def test_normalized_forms(self):
        for text, normalized in self.CASES:
            with self.subTest(text=text):
                self.assertEqual(str(Version(text)), normalized)

    def test_equal_spellings_are_equal_and_share_a_key(self):
        self.assertEqual(Version("1.0"), Version("1.0.0"))
        self.assertEqual(hash(Version("1.0")), hash(Version("1.0.0.0")))
        self.assertEqual(Version("1.0").key, Version("1.0.0").key)
        self.assertEqual(Version("1.0").key, "1")
        self.assertEqual(Version("2!1.0.0rc1+Local-7").key, "2!1rc1+local.7")
        self.assertNotEqual(Version("1.0+a").key, Version("1.0").key)

    def test_parts(self):
        v = Version("3!1.2.3rc4.post5.dev6+abc.7")
        self.assertEqual((v.epoch, v.release, v.pre, v.post, v.dev, v.local),
                         (3, (1, 2, 3), ("rc", 4), 5, 6, ("abc", 7)))
        self.assertEqual(v.public, "3!1.2.3rc4.post5.dev6")
        self.assertTrue(v.is_prerelease)
        self.assertFalse(Version("1.0.post1").is_prerelease)


class OrderingTest(unittest.TestCase):
    # PEP 440's own example order, and more: every adjacent pair must be strictly increasing.
    ORDER = [
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
        "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
        "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0+5.a", "1.0.post456.dev34", "1.0.post456",
        "1.0.15", "1.1.dev1", "1.9", "1.10", "1.10.1", "2", "2.0.1", "10.0", "1!0.1",
    ]

    def test_pep440_order(self):
        versions = [Version(v) for v in self.ORDER]
        for earlier, later in zip(versions, versions[1:]):
            with self.subTest(earlier=str(earlier), later=str(later)):
                self.assertLess(earlier, later)
                self.assertGreater(later, earlier)
                self.assertNotEqual(earlier, later)

    def test_sorting_a_shuffled_list(self):
        shuffled = list(reversed(self.ORDER[::2])) + list(self.ORDER[1::2])
        self.assertEqual([str(v) for v in sorted(Version(v) for v in shuffled)],
                         [str(Version(v)) for v in self.ORDER])

    def test_no_order_with_other_types(self):
        with self.assertRaises(TypeError):
            Version("1.0") < "1.1"
        self.assertNotEqual(Version("1.0"), "1.0")


class InvalidVersionTest(unittest.TestCase):
    CASES = {
        "": "it is empty",
        "abc": "a version starts with a number",
        "1.x": "'.x' cannot follow '1'",
        "1..2": "'..2' cannot follow '1'",
        "1.0+": "the local label after '+'",
        "1.0+a..b": "the local label after '+'",
        "x!1.0": "the epoch before '!' must be a number",
        "1.0.dev1.post1": "'.post1' cannot follow '1.0.dev1'",
        "1.0 beta": "' beta' cannot follow '1.0'",
    }

    def test_messages_name_the_string_and_the_problem(self):
        for text, reason in self.CASES.items():
            with self.subTest(text=text):
                with self.assertRaises(SPMInvalidVersion) as caught:
                    Version(text)
                message = str(caught.exception)
                self.assertTrue(message.startswith("invalid version %r: " % text), message)
                self.assertIn(reason, message)

    def test_is_a_value_error_and_an_spm_exception(self):
        self.assertTrue(issubclass(SPMInvalidVersion, ValueError))
        self.assertTrue(issubclass(SPMInvalidVersion, SPMException))
        with self.assertRaises(SPMInvalidVersion):
            Version(1.0)


class _Folder(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="test_pkg-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path


class ProbeCheckTest(_Folder):
    def test_bindings_of_preload_are_accepted(self):
        for i, text in enumerate([
                "def preload():\n    return True\n",
                "async def preload():\n    pass\n",
                "preload = lambda: True\n",
                "from os.path import isdir as preload\n",
                "import sys\nif sys.platform == 'linux':\n    def preload(): return True\n"
                "else:\n    def preload(): return False\n",
                "try:\n    from x import preload\nexcept ImportError:\n    preload = None\n"]):
            with self.subTest(text=text):
                probes.check_file(self.write("ok%d.py" % i, text))

    def test_a_probe_without_preload_or_that_does_not_compile_is_refused(self):
        cases = {
            "def preloaded():\n    return True\n": "does not define preload() at its top level",
            "def f():\n    def preload(): pass\n": "does not define preload() at its top level",
            "def preload(:\n": "does not compile as Python 3 (line 1)",
            "print 'py2'\n": "does not compile as Python 3",
        }
        for i, (text, reason) in enumerate(cases.items()):
            with self.subTest(text=text):
                path = self.write("bad%d.py" % i, text)
                with self.assertRaises(SPMPackageBadInput) as caught:
                    probes.check_file(path)
                self.assertIn(path, str(caught.exception))
                self.assertIn(reason, str(caught.exception))

    def test_answers(self):
        cases = [
            ("def preload(): return True\n", True, "preload() returned True"),
            ("def preload(): return False\n", False, "preload() returned False"),
            ("def preload(): pass\n", False, "preload() returned None"),
            ("def preload(): return 1\n", False, "preload() returned 1 (not True: counts as no)"),
            ("def preload():\n    raise OSError('no device')\n", False,
             "preload() raised OSError: no device (probe.py line 2)"),
            ("import no_such_module_here\ndef preload(): return True\n", False,
             "probe.py raised ModuleNotFoundError: No module named 'no_such_module_here' (probe.py line 1)"),
            ("preload = 3\n", False, "probe.py defines no preload()"),
            ("def preload(): raise SystemExit(3)\n", False, "preload() raised SystemExit: 3 (probe.py line 1)"),
        ]
        for i, (text, accepted, said) in enumerate(cases):
            with self.subTest(text=text):
                outcome = probes.run(self.write("p%d/probe.py" % i, text), "t-%d" % i)
                self.assertEqual((outcome.accepted, outcome.text), (accepted, said))

    def test_a_probe_runs_in_a_namespace_of_its_own(self):
        import sys
        before = set(sys.modules)
        path = self.write("iso/probe.py", "LEAK = 1\ndef preload():\n    return __name__\n")
        outcome = probes.run(path, "iso-1.0")
        self.assertEqual(outcome.text, "preload() returned 'spm.pkg.probe[iso-1.0]' (not True: counts as no)")
        self.assertEqual(set(sys.modules), before)
        self.assertNotIn("LEAK", globals())

    def test_keyboard_interrupt_is_not_an_answer(self):
        path = self.write("ki/probe.py", "def preload():\n    raise KeyboardInterrupt\n")
        with self.assertRaises(KeyboardInterrupt):
            probes.run(path, "ki")


class StoreRefusalTest(_Folder):
    """Every refusal names what is wrong and leaves the store as it was."""

    def setUp(self):
        super().setUp()
        self.store = Store(os.path.join(self.dir, "store"))
        self.write("src/good/__init__.py", "")
        self.write("src/mod.py", "X = 1\n")
        self.write("src/nsp/sub.py", "")
        self.write("src/both/__init__.py", "")
        self.write("src/both.py", "")
        self.probe = self.write("probe.py", "def preload():\n    return True\n")
        self.store.add(os.path.join(self.dir, "src"), "good", "1.0", self.probe)

    def snapshot(self):
        found = []
        for folder, dirs, files in os.walk(self.store.root):
            for name in dirs + files:
                path = os.path.join(folder, name)
                if os.path.dirname(path) != os.path.join(self.store.root, ".tmp") or os.listdir(path):
                    found.append(os.path.relpath(path, self.store.root))
        return sorted(found)

    def test_refusals(self):
        src = os.path.join(self.dir, "src")
        nopreload = self.write("nopreload.py", "x = 1\n")
        cases = [
            ((src, "good", "1.0", self.probe), SPMPackageStoreError, "version 1.0 of good is already in the store at "),
            ((src, "good", "1.0.0", self.probe), SPMPackageStoreError, "version 1.0.0 of good is already in the store (as 1.0) at "),
            ((src, "good", "1.x", self.probe), SPMInvalidVersion, "invalid version '1.x'"),
            ((src, "good", "2.0", nopreload), SPMPackageBadInput, "does not define preload()"),
            ((src, "good", "2.0", os.path.join(self.dir, "absent.py")), SPMPackageBadInput, "is not a file"),
            ((src, "good-pkg", "2.0", self.probe), SPMPackageBadInput, "'good-pkg' is not an import name"),
            ((src, "import", "2.0", self.probe), SPMPackageBadInput, "'import' is not an import name"),
            ((src, "absent", "2.0", self.probe), SPMPackageBadInput, "holds neither absent/ nor absent.py"),
            ((src, "nsp", "2.0", self.probe), SPMPackageBadInput, "has no __init__.py"),
            ((src, "both", "2.0", self.probe), SPMPackageBadInput, "holds both both/ and both.py"),
            ((self.probe, "good", "2.0", self.probe), SPMPackageBadInput, "is not a folder"),
        ]
        before = self.snapshot()
        for args, error, message in cases:
            with self.subTest(args=args[1:3]):
                with self.assertRaises(error) as caught:
                    self.store.add(*args)
                self.assertIn(message, str(caught.exception))
                self.assertEqual(self.snapshot(), before)
        with self.assertRaises(SPMPackageStoreError) as caught:
            self.store.remove("good", "2.0")
        self.assertEqual(str(caught.exception), "version 2.0 of good is not in the store at %s (it has 1.0)"
                         % self.store.root)
        self.assertEqual(self.snapshot(), before)

    def test_the_rename_decides_between_racing_adds(self):
        """Adds that all passed the early "already there?" check (as racing ones can): the rename
        lets exactly one in, whole; the others fail and leave nothing behind."""
        import threading
        src = os.path.join(self.dir, "src")
        self.store.find = lambda name, version: None  # every add believes it is first
        outcomes = []
        start = threading.Barrier(6)

        def add(spelling):
            start.wait()
            try:
                self.store.add(src, "mod", spelling, self.probe)
                outcomes.append("added")
            except SPMPackageStoreError as e:
                outcomes.append(str(e).split(" at ")[0])
        threads = [threading.Thread(target=add, args=(v,)) for v in ["3.0", "3", "3.0.0"] * 2]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        del self.store.find
        self.assertEqual(outcomes.count("added"), 1, outcomes)
        self.assertEqual(len([o for o in outcomes if "of mod is already in the store" in o]), 5, outcomes)
        self.assertEqual(len(self.store.versions("mod")), 1)
        self.assertEqual(sorted(os.listdir(self.store.find("mod", "3").folder)), ["VERSION", "lib", "probe.py"])
        self.assertEqual(os.listdir(os.path.join(self.store.root, ".tmp")), [])

    def test_add_remove_and_versions(self):
        src = os.path.join(self.dir, "src")
        self.store.add(src, "mod", "1.10", self.probe)
        self.store.add(src, "mod", "1.9", self.probe)
        self.assertEqual([str(e.version) for e in self.store.versions("mod")], ["1.9", "1.10"])
        self.assertEqual(self.store.names(), ["good", "mod"])
        entry = self.store.find("mod", "1.10.0")
        self.assertTrue(os.path.isfile(os.path.join(entry.lib, "mod.py")))
        self.assertEqual(str(self.store.remove("mod", "1.10.0").version), "1.10")
        self.store.remove("mod", "1.9")
        self.assertEqual(self.store.names(), ["good"])
        self.assertFalse(os.path.exists(os.path.join(self.store.root, "mod")))


if __name__ == "__main__":
    unittest.main(verbosity=1)
