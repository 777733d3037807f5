def f(a, b=0, c=0):
    return a + 10 * b + 100 * c
print apply(f, (1, 2)), apply(f, (1,), {'c': 3}), apply(max, [4, 9, 2])
print reduce(lambda x, y: x * y, [1, 2, 3, 4]), reduce(lambda x, y: x + y, [], 10)
print cmp(1, 2), cmp(2, 2), cmp('b', 'a')
