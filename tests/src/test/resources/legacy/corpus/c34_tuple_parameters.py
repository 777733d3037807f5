def f(a, (b, c)):
    return a + b * c
print f(1, (2, 3))
g = lambda (x, y): x - y
print g((10, 4))
def h((p, q)=(5, 6)):
    return p * q
print h()
