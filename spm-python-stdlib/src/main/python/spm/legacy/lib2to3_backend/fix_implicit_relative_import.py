"""Python 2's implicit relative imports: in a package, `import helper` found the package's own
helper.py first. lib2to3's fix_import makes such an import explicit (`from . import helper`) when
the file has a package (__init__.py beside it) with that module in it; this only keeps it from
looking at the working folder for code that has no file (-c, stdin, exec strings)."""

import os

from lib2to3.fixes.fix_import import FixImport


class FixImplicitRelativeImport(FixImport):
    def probably_a_local_import(self, imp_name):
        if not os.path.isabs(self.filename):
            return False
        return super().probably_a_local_import(imp_name)
