# sys.maxint of a 64-bit Python 2.
import sys
a = intern('hello world')
print a == 'hello world', a is intern('hello world')
print sys.maxint, sys.maxint + 1 > sys.maxint
from sys import maxint
print maxint == 2 ** 63 - 1
