def greet():
    "says hi"
    return "hi"
print greet.func_name, greet.func_doc, greet.func_defaults

class A(object):
    def m(self):
        return 1

a = A()
print a.m.im_self is a, a.m.im_func.func_name
