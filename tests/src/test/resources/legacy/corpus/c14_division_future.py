from __future__ import division
# This module asked for true division.
print 7 / 2, 7 // 2, -7 / 2
x = 5
x /= 2
print x
