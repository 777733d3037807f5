# map, filter and zip return lists.
print map(str, [1, 2])
print filter(None, [0, 1, 2, '', 'a'])
print zip('ab', [1, 2])
print map(lambda x, y: x + y, [1, 2], [10, 20])
squares = map(lambda x: x * x, range(4))
print squares[-1], len(squares)
