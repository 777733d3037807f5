# xrange is a builtin (also as a value); range() returns a list.
print list(xrange(3)), sum(xrange(5)), xrange(2, 10, 3)[1], len(xrange(4))
r = range(3)
r.append(3)
print r
make = xrange
print list(make(2))
for i in xrange(2):
    print i,
print
print range(5)[::2]
