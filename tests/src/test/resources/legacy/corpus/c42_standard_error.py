try:
    raise ValueError("v")
except StandardError, e:
    print "StandardError caught", e
print issubclass(KeyError, StandardError)
