# Classic division floors for two integers (int, long, bool), and is true division otherwise.
print 7 / 2, -7 / 2, 7 / -2, 6 / 3
print 7.0 / 2, 7 / 2.0, 1 / 4.0
print True / 2, 2 ** 70 / 3     # 2**70 = 3 * 393530540239137101141 + 1
a = 9
b = 4
print a / b, float(a) / b
print 10L / 3, 10 / 3L
