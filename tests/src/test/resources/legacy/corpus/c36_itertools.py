# imap, izip and ifilter are lazy: they work on infinite iterators.
import itertools
from itertools import izip, imap, count
pairs = izip('ab', count())
print list(pairs)
squares = imap(lambda x: x * x, count(1))
print squares.next(), squares.next()
print list(itertools.islice(itertools.imap(abs, [-1, -2, -3]), 2))
print list(itertools.izip_longest('ab', 'x', fillvalue='-'))
print list(itertools.ifilter(None, [0, 1, 2]))
