class Meta(type):
    def __new__(mcs, name, bases, ns):
        ns['tag'] = name.lower()
        return type.__new__(mcs, name, bases, ns)

class Thing(object):
    __metaclass__ = Meta
    x = 1

print Thing.tag, type(Thing).__name__
