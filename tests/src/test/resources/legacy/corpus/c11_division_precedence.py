# `/` keeps its precedence and left-to-right order among *, /, % and //.
print 2 * 7 / 2 % 4        # ((2 * 7) / 2) % 4 = 7 % 4
print 1 + 3 / 2 * 4        # 1 + (3 / 2) * 4 = 1 + 4
print 7 / 2 / 2            # (7 / 2) / 2 = 3 / 2
print 100 / (3 / 2)
print -7 / 2 * 2           # (-7 / 2) * 2 = -4 * 2
print [x / 2 for x in range(5)]
f = lambda n: n / 3
print f(10), (lambda: 9 / 2)()
def g(n=7 / 2):
    return n
print g()
