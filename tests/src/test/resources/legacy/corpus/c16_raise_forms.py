# raise E, V: V itself when it is an E already, E(*V) for a tuple, E(V) otherwise.
try:
    raise ValueError, "bad thing"
except ValueError, e:
    print "1:", e
try:
    raise Exception, (1, 2)
except Exception, e:
    print "2:", e.args
try:
    raise KeyError, KeyError("same")
except KeyError, e:
    print "3:", e.args
try:
    raise IndexError
except IndexError, e:
    print "4:", e.args
