import cPickle
import StringIO
from Queue import Queue
import ConfigParser
import __builtin__
buf = StringIO.StringIO()
buf.write("text")
print buf.getvalue()
print cPickle.loads(cPickle.dumps([1, (2, 3)]))
q = Queue()
q.put(5)
print q.get()
print hasattr(ConfigParser, 'ConfigParser'), __builtin__.len([1, 2])
