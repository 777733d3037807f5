# A module's own names win over Python 2's builtins of the same name.
def cmp(a, b):
    return "mine"
long = "a string"
print cmp(1, 2), long
def first(file):
    return file[0]
print first("xyz"), unicode(3)
