# stdin holds "Ada" and "42". raw_input writes its prompt to stdout; after a print with a
# trailing comma it first writes the pending softspace (bltinmodule.c, builtin_raw_input).
name = raw_input("name? ")
print "hello", name
print "number:",
n = raw_input()
print int(n) / 5
