import os, tempfile
path = os.path.join(tempfile.mkdtemp(), "f.txt")
out = file(path, "w")
print >>out, "written", "by", "print"
out.close()
print file(path).read(),   # the text ends with a newline, so softspace stays off
os.remove(path)
os.rmdir(os.path.dirname(path))
