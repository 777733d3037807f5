"""`spm-python -m spm.pkg`: the package store's command line.

    add DIR --name NAME --version VERSION --probe FILE   add NAME (DIR/NAME/ or DIR/NAME.py)
    list [NAME]                                          the versions in the store
    remove NAME VERSION                                  remove one version
    resolve NAME                                         every probe's answer here, and the
                                                         version an import would load

`--root DIR` (before the command) names the store instead of $SPM_PKG_ROOT. Errors go to
stderr and name what is wrong: exit status 2 for a bad command line or bad input (a name that is
not an import name, an invalid version, a folder without the package, a probe without preload()),
1 when the store refuses (a version already there or not there, a store that cannot be written)
or, for resolve, when no version accepts this resource.
"""

import argparse
import sys

from spm.exceptions import SPMInvalidVersion, SPMPackageBadInput, SPMPackageStoreError

PROG = "spm-python -m spm.pkg"
EXIT_STORE = 1
EXIT_USAGE = 2


def _parser():
    parser = argparse.ArgumentParser(
        prog=PROG, description="The multi-version package store behind sys.path's %s." % "-/@-/pkg.builtin/")
    parser.add_argument("--root", metavar="DIR",
                        help="the store's folder (default: $SPM_PKG_ROOT, else"
                             " $XDG_DATA_HOME/spm-python/pkg or ~/.local/share/spm-python/pkg)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add = commands.add_parser("add", help="add a version of a package with its preload probe")
    add.add_argument("dir", metavar="DIR", help="folder holding the package as NAME/ or NAME.py")
    add.add_argument("--name", required=True, help="the package's import name")
    add.add_argument("--version", required=True, help="a PEP 440 version, e.g. 1.2 or 2.0rc1+cuda12")
    add.add_argument("--probe", required=True, metavar="FILE",
                     help="Python file defining preload(): True when this version can run here")
    listing = commands.add_parser("list", help="list the versions in the store")
    listing.add_argument("name", metavar="NAME", nargs="?", help="only this package")
    remove = commands.add_parser("remove", help="remove one version of a package")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("version", metavar="VERSION")
    resolve = commands.add_parser("resolve", help="which version would load here, and every probe's answer")
    resolve.add_argument("name", metavar="NAME")
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    from spm.pkg.store import Store
    store = Store(args.root)
    try:
        return _COMMANDS[args.command](store, args)
    except (SPMPackageBadInput, SPMInvalidVersion) as e:
        return _fail(args.command, e, EXIT_USAGE)
    except SPMPackageStoreError as e:
        return _fail(args.command, e, EXIT_STORE)


def _fail(command, error, status):
    print("%s %s: error: %s" % (PROG, command, error), file=sys.stderr)
    return status


def _add(store, args):
    entry = store.add(args.dir, args.name, args.version, args.probe)
    print("added %s %s (%s)" % (entry.name, entry.version, entry.folder))
    return 0


def _list(store, args):
    if args.name is not None:
        from spm.pkg.store import check_name
        check_name(args.name)
        names = [args.name]
        if not store.versions(args.name):
            raise SPMPackageStoreError("no version of %s in the store at %s" % (args.name, store.root))
    else:
        names = store.names()
        if not names:
            print("%s list: the store at %s is empty" % (PROG, store.root), file=sys.stderr)
    for name in names:
        for entry in store.versions(name):
            print("%s %s" % (name, entry.version))
    return 0


def _remove(store, args):
    entry = store.remove(args.name, args.version)
    print("removed %s %s" % (entry.name, entry.version))
    return 0


def _resolve(store, args):
    from spm.pkg import probes
    from spm.pkg.store import check_name
    check_name(args.name)
    versions = store.versions(args.name)
    if not versions:
        raise SPMPackageStoreError("no version of %s in the store at %s: an import goes on with"
                                   " the sys.path entries after the store's" % (args.name, store.root))
    chosen = None
    width = max(len(str(e.version)) for e in versions)
    for entry in versions:
        outcome = probes.run(entry.probe, "%s-%s" % (args.name, entry.version))
        mark = ""
        if outcome.accepted and chosen is None:
            chosen = entry
            mark = "   <- loads here"
        print("%s %-*s  %s%s" % (args.name, width, entry.version, outcome.text, mark))
    if chosen is None:
        print("%s resolve: no version of %s accepts this resource: import %s raises"
              " SPMPackageUnresolved" % (PROG, args.name, args.name), file=sys.stderr)
        return EXIT_STORE
    return 0


_COMMANDS = {"add": _add, "list": _list, "remove": _remove, "resolve": _resolve}

if __name__ == "__main__":
    sys.exit(main())
