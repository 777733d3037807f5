from __future__ import unicode_literals
# Under unicode_literals a plain literal is unicode, where \u00e9 is one character.
s = 'caf\u00e9'
print len(s), type(s) is unicode
