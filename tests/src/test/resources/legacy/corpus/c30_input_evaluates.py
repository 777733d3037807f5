# stdin holds "6 * 7": Python 2's input() evaluates what it reads.
value = input("expr: ")
print value + 1
