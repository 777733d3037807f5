"""What the bench drivers share: where things are, running one side of a comparison, medians."""

import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
#: bin/spm-python runs the build in launcher/target/dist, or the one SPM_DIST names.
SPM = os.path.join(ROOT, "bin", "spm-python")


def json_line(argv):
    """Runs one side of a comparison; returns the JSON object on the last line it printed."""
    out = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def median(values):
    values = sorted(values)
    return values[len(values) // 2]
