# `/=` is classic too; a subscript's object and key are evaluated once.
x = 7
x /= 2
y = 7.0
y /= 2
print x, y
d = {'k': 9}
calls = []
def key():
    calls.append(1)
    return 'k'
d[key()] /= 2
print d['k'], len(calls)
class Holder(object):
    pass
h = Holder()
h.v = 17
h.v /= 5
print h.v
m = [[10, 20]]
m[0][1] /= 3
print m
grid = {(1, 2): 8}
grid[1, 2] /= 3
print grid[1, 2]
