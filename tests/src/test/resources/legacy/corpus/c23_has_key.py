d = {'a': 1, 'b': 2}
print d.has_key('a'), d.has_key('z')
if d.has_key('b') and not d.has_key('c'):
    print "b yes, c no"
