ns = {}
exec "x = 6 * 7" in ns
print ns['x']
exec "print 'legacy code in exec:', 7 / 2"
g = {}
l = {}
exec "y = 1" in g, l
print 'y' in l, 'y' in g
code = "z = 5"
exec code
print z
exec("w = 3", ns)          # Python 2.7 also took exec's tuple form
print ns['w']
