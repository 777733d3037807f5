"""spm.pkg: the multi-version package store behind the sys.path entry `-/@-/pkg.builtin/`
(DESIGN §9). See README.md beside this file.

- `resolutions()`: {name: version} chosen from the store in this session on this resource;
- `resolved(pool)`: at the hub, what each spoke of a pool chose (each spoke resolves for itself);
- `ENTRY`: the sys.path entry;
- `spm.pkg.store.Store`: the store on disk (add, remove, versions);
- `spm.pkg.version.Version`: PEP 440 versions;
- `spm-python -m spm.pkg ...`: the command line (add, list, remove, resolve).

Kept tiny: spm._boot imports this package to install the hook at every start.
"""

from spm.pkg.hook import ENTRY, resolutions

__all__ = ["ENTRY", "resolutions", "resolved"]


def resolved(pool=None, timeout=60.0):
    """At the hub: what each spoke of `pool` (default: every joined spoke, pool.inter()) resolved
    from the store in this session, asked of each spoke: {"spoke-ID@SERVER": {name: version}}.
    A spoke lost while it is asked is left out; one that does not answer in `timeout` seconds
    raises spm.sys.tracker's SpokeTimeout."""
    import spm.sys
    from spm.exceptions import SpokeLost
    if not spm.sys.pstat.amHub():
        raise RuntimeError("spm.pkg.resolved() is asked at the hub; on a spoke, resolutions() "
                           "says what this spoke resolved")
    tracker = spm.sys.tracker
    if pool is None:
        import pool as pools
        pool = pools.inter()
    answers = {}
    for spoke in pool.resolve():
        try:
            found = tracker.evaluate(spoke, "__import__('spm.pkg').pkg.resolutions()", timeout)
        except SpokeLost:
            continue
        answers["spoke-%d@%s" % (spoke.id, spoke.serverName)] = found
    return answers
