# print writes str(x); Python 2's str(float) has 12 significant digits, its repr 17 (shortest
# repr since 2.7), and containers print their items' repr.
print 1 / 3.0
print 2.5, 10.0, 1e16, 1e-5
print [1 / 3.0]
print 123456789012.0       # '%.12g' gives 123456789012, and str adds '.0'
print "%s" % 0.1
