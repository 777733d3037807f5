# Python 2 took a tab to the next multiple of 8 columns, and let tabs and spaces mix: the
# spaces line below is at the level of the `if` (8 columns), not inside it.
def f(x):
	if x:
		print "tabs", x
        print "spaces"
	return x / 2
print f(5)
