# A tuple target unpacks the exception (its args): the paper's `except (...), (hdl,):`.
class TaskError(Exception):
    pass

def task(n):
    try:
        raise TaskError("handle-%d" % n)
    except (KeyError,
            TaskError,
            ), (hdl,):
        pass;
    return hdl

print task(1), task(2)

try:
    raise KeyError("k", "v")
except KeyError, (key, value):
    print "key", key, "value", value
