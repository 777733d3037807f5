try: raise ValueError("one")
except ValueError, e: print "caught", e
try:
    raise KeyError("two")
except (KeyError, IndexError), e: print "caught", e    # str() of a KeyError is its key's repr
