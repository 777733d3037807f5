import sys
from StringIO import StringIO
buf = StringIO()
print >>buf, "into", "buffer",
print >>buf, 42            # softspace is per file: the buffer's was set by the line above
print >>sys.stdout, "to stdout"
print >>None, "None means stdout"
print "buffer held:", repr(buf.getvalue())
