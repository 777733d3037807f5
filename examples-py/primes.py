"""Counts the primes below N in buckets, printing a rolling count per bucket, and checks the
total against a known value. The README's main job.

Today the buckets run one after another in the hub's interpreter; with the coarse-grain task
managers (DESIGN §4) each bucket becomes a task on a spoke, as in the paper's is_prime.py.

usage: spm-python examples-py/primes.py [N] [BUCKETS]
"""

import sys
import time

#: Known prime counts (odd primes from 3 up to N, as the paper's ctRange counts them).
KNOWN = {502347: 41714, 3000000: 216815}


def is_prime(n):
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def count_odd_primes(lo, hi):
    """Odd primes in [lo, hi), counting from 3 (the paper's ctRange(nMin, nMax))."""
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


def main(argv):
    n = int(argv[1]) if len(argv) > 1 else 502347
    k = int(argv[2]) if len(argv) > 2 else 10
    start = time.time()
    total = 0
    for lo, hi in buckets(n, k):
        total += count_odd_primes(lo, hi)
        print(" --> Rolling count of (# of prime numbers) :: %d" % total)
    print("primes in [3, %d): %d in %.2f s" % (n, total, time.time() - start))
    expected = KNOWN.get(n)
    if expected is not None and total != expected:
        print("WRONG: expected %d" % expected, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
