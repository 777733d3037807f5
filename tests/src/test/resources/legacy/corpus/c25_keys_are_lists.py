# keys(), values() and items() return lists: sortable, indexable, and safe to delete while
# looping over.
d = {'a': 1, 'b': 2, 'c': 3}
keys = d.keys()
keys.sort()
print keys
for k in d.keys():
    if k != 'a':
        del d[k]
print d
print d.items(), d.values()
print len(d.keys()) + 0, d.keys()[0]
