# print is a statement: parentheses around several items make a tuple, which is printed as one
# (this is what the paper's demo.py prints for its stdOut lines). A module whose every print
# is parenthesized compiles as Python 3 and is not translated: this one has a print statement.
print "parenthesized:"
value = 5
print("\tstdOut   : %s", value)
print("just a string")
print ("a", "b")
print(1)
print()            # the empty tuple
