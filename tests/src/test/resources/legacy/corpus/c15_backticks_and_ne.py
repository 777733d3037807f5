x = [1, 'a']
print `x`, `42`, `'s'`
print 1 <> 2, 2 <> 2
if 3 <> 4: print "differ"
