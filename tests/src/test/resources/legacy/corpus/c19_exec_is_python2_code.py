# A string given to exec is Python 2 code even where it parses as Python 3: n / 3 floors.
def run():
    ns = {'n': 10}
    exec "n = n / 3" in ns
    return ns['n']
print run()
