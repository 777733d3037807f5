class Stats:
    def __init__(self, values):
        self.values = values
    def mean(self):
        return sum(self.values) / len(self.values)
    def fmean(self):
        return float(sum(self.values)) / len(self.values)

s = Stats([1, 2, 4])
print s.mean(), s.fmean()       # 7 / 3 floors; 7.0 / 3 prints with 12 digits
