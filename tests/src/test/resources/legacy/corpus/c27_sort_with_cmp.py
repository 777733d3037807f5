# sorted() and list.sort() take a comparison function, by keyword or by position
# (sorted(iterable, cmp, key, reverse), list.sort(cmp, key, reverse)).
items = [3, 1, 2]
print sorted(items, cmp=lambda a, b: cmp(b, a))
items.sort(lambda a, b: cmp(a, b))
print items
words = ['bb', 'a', 'ccc']
words.sort(cmp=lambda a, b: cmp(len(b), len(a)))
print words
print sorted(words, None, len)
print sorted(words, key=len, reverse=True)
