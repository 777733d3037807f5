# execfile runs a file of Python 2 code in the caller's namespace (or the one given).
import os, tempfile
folder = tempfile.mkdtemp()
path = os.path.join(folder, "snippet.py")
f = open(path, "w")
f.write("print 'in execfile:', 9 / 2\nshared = 'set by the file'\n")
f.close()
execfile(path)
print shared
ns = {}
execfile(path, ns)
print ns['shared'] == shared
os.remove(path)
os.rmdir(folder)
