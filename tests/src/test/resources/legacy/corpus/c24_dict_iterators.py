d = {'one': 1}
for k, v in d.iteritems():
    print k, v
for k in d.iterkeys():
    print k
for v in d.itervalues():
    print v
it = d.iteritems()
print it.next()
big = dict((i, i * i) for i in range(5))
print sorted(big.iteritems())
print sum(big.itervalues())
