# Any target: an attribute. The handler starts with a compound statement.
class Box(object):
    pass

box = Box()
try:
    1 / 0
except ZeroDivisionError, box.error:
    if box.error:
        print "stored on the box:", type(box.error).__name__
