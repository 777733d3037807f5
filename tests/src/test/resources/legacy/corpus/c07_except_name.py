# except E, name: the name stays bound after the handler (Python 3's `as` would unbind it).
try:
    raise ValueError("bad value")
except ValueError, e:
    print "caught:", e
print "still bound:", e
