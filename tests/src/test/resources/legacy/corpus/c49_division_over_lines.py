# Operands of / on other lines stay on them.
total = (100
         / 7)
print total, (9 /
    2), 7 \
    / 2
