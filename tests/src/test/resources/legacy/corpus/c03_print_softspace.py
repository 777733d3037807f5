# Python 2 sets softspace after an item unless the item is a string ending in whitespace other
# than ' ' (ceval.c, PRINT_ITEM). So:
print "line\n",    # ends in \n: no space before the next item
print "next"
print "tab\t",     # ends in \t: no space either
print "after tab"
print "space ",    # ends in ' ': softspace is set, so two spaces follow "space"
print "after space"
print "",          # an empty string sets softspace too: the next line starts with a space
print "after empty"
