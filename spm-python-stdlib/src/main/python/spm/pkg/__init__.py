"""spm.pkg: the multi-version package store behind the sys.path entry `-/@-/pkg.builtin/`
(DESIGN §9). See README.md beside this file.

- `resolutions()`: {name: version} chosen from the store in this session on this resource;
- `ENTRY`: the sys.path entry;
- `spm.pkg.store.Store`: the store on disk (add, remove, versions);
- `spm.pkg.version.Version`: PEP 440 versions;
- `spm-python -m spm.pkg ...`: the command line (add, list, remove, resolve).

Kept tiny: spm._boot imports this package to install the hook at every start.
"""

from spm.pkg.hook import ENTRY, resolutions

__all__ = ["ENTRY", "resolutions"]
