from legacypkg import user
print "user module:", user.__name__
