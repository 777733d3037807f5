"""bench/fine.py's general run: fine_spm's task, with mc.aggregate instead of mc.send."""

import fine_spm

fine_spm._general[0] = True
taskEval = fine_spm.taskEval
