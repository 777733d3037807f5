# ur'' keeps backslashes but decodes \uXXXX after an odd number of them (raw-unicode-escape);
# in a byte string (no u prefix) \u and \N are no escapes at all.
print ur'\d+\w', len(ur'a\u0041b'), ur'a\u0041b'
print len('\u1234'), '\u1234'
print len(u'\u0041'), u'\u0041'
print '\d', r'\d', len('\N{DASH}')
print ur'\\u0041'          # two backslashes: an even run, so no escape
