# raise E, V, tb: the re-raise idiom keeps the very exception and its traceback.
import sys

def fail():
    raise ValueError("original")

try:
    try:
        fail()
    except ValueError:
        kind, value, tb = sys.exc_info()
        raise kind, value, tb
except ValueError, e:
    print "re-raised:", e, e is value
    t = sys.exc_info()[2]
    while t.tb_next is not None:
        t = t.tb_next
    print "innermost line:", t.tb_lineno      # the raise in fail()
