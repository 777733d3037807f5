# The print statement: items separated by one space, a newline at the end.
print "hello"
print "a", "b", 3
print 1, 2.5, None, True
print
print "x" "y"
print "%d items, %s" % (3, "ok")
