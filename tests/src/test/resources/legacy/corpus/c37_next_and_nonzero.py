class Countdown(object):
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def next(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n

print list(Countdown(3))
it = iter([1, 2])
print it.next()

class Empty(object):
    def __nonzero__(self):
        return False

if Empty():
    print "truthy"
else:
    print "falsy"
