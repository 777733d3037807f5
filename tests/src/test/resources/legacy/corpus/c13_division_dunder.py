# Classes of Python 2 define __div__, __rdiv__ and __idiv__; / and /= call them.
class V(object):
    def __init__(self, n):
        self.n = n
    def __div__(self, other):
        return V(self.n * 100 + other)
    def __rdiv__(self, other):
        return V(other * 1000 + self.n)
    def __idiv__(self, other):
        self.n = -self.n
        return self
    def __repr__(self):
        return "V(%d)" % self.n

print V(6) / 2
print 3 / V(6)             # int has no division by a V: V.__rdiv__
v = V(5)
w = v
v /= 2                     # __idiv__ changes v in place
print v, w is v

class Plain(object):
    def __init__(self, n):
        self.n = n
    def __div__(self, other):
        return Plain(self.n / other)

p = Plain(9)
p /= 2                     # no __idiv__: p = p / 2, with __div__
print p.n
