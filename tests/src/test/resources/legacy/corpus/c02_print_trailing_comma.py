# A trailing comma leaves the newline out; the next print starts with a space (softspace).
for i in range(3):
    print i,
print          # softspace is not written before a newline: "0 1 2", no trailing space
print "a",
print "b"
print "no", "newline",
print "then"
