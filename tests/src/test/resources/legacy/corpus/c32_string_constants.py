# string.letters is locale-dependent in Python 2; a program that never calls setlocale runs in the
# C locale, where it is ASCII, lower case first.
import string
print string.letters
print string.lowercase
print string.uppercase
from string import letters as L, digits
print len(L), digits
