print unicode(5) + u"x", unichr(65), unicode("abc").upper()
print isinstance("s", basestring), isinstance(u"s", basestring), isinstance(1, basestring)
print issubclass(str, basestring)
print type(unicode("a")) is unicode
