"""The CPython side of bench/primes.py: the same prime count as examples-py/primes.py, serially
or over multiprocessing.Pool on the same buckets. usage: python3 primes_cpython.py serial|pool N K"""

import multiprocessing
import sys


def is_prime(n):
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def count_odd_primes(bounds):
    lo, hi = bounds
    if lo % 2 == 0:
        lo += 1
    count = 0
    while hi > lo:
        if is_prime(lo):
            count += 1
        lo += 2
    return count


def buckets(n, k):
    edges = [2 + (n - 2) * i // k for i in range(k + 1)]
    return list(zip(edges[:-1], edges[1:]))


if __name__ == "__main__":
    mode, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode == "serial":
        print(sum(count_odd_primes(b) for b in buckets(n, k)))
    else:
        with multiprocessing.Pool(multiprocessing.cpu_count()) as pool:
            print(sum(pool.imap_unordered(count_odd_primes, buckets(n, k))))
