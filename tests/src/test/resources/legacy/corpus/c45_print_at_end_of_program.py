# Python 2 ends a program whose last print had a trailing comma with a newline
# (pythonrun.c: Py_FlushLine after the main module ran).
print "no newline here",
