# The corpus driver sends stderr to stdout while a program runs.
import sys
print >>sys.stderr, "to", "stderr"
print "to stdout"
