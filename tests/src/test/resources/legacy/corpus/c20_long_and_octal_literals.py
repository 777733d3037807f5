# print writes str(), which has no L suffix for longs.
print 10L, 0xFFL, 10L + 5, 2L ** 64
print 0777, 010 + 1, 0
print long(7), long("12") + 1, isinstance(3L, long)
