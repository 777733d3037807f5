#!/usr/bin/env python3
"""What the live view costs a run: N empty tasks through one run on 2 spoke threads (the run
that publishes events fastest), without a dashboard, with one nobody watches, with browsers that
follow it (4 reading /api/events), and with browsers that never read (4 stuck); the median of R
interleaved rounds, as a ratio to the run without. Prints a table.

    python3 bench/dashboard.py [N [R]]        # N=10000, R=3

The followers are plain sockets of this process reading the event stream as a browser's
EventSource would. Read the ratios: the machines are shared and noisy."""

import os
import socket
import subprocess
import sys
import threading
import time
import json

from _bench import BENCH, SPM, median

WORKERS = 2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def follow(port, reading, stop, received):
    """One browser's stream: connects (retrying while the hub starts), reads or only holds it."""
    deadline = time.time() + 120
    while not stop.is_set() and time.time() < deadline:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    else:
        return
    if not reading:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    s.sendall(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    s.settimeout(0.5)
    while not stop.is_set():
        if reading:
            try:
                data = s.recv(65536)
                if not data:
                    break
                received[0] += len(data)
            except socket.timeout:
                pass
        else:
            stop.wait(0.2)
    s.close()


def one_run(n, followers, reading, dashboard=True):
    port = free_port()
    argv = [SPM, "--spokes", "threads:%d" % WORKERS]
    if dashboard:
        argv += ["-q", "--dashboard", "127.0.0.1:%d" % port]
    argv += [os.path.join(BENCH, "tasks_spm.py"), str(n), str(WORKERS)]
    stop = threading.Event()
    received = [0]
    threads = [threading.Thread(target=follow, args=(port, reading, stop, received)) for _ in range(followers)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    for t in threads:
        t.start()
    out = proc.communicate()[0]
    stop.set()
    for t in threads:
        t.join()
    if proc.returncode != 0:
        raise SystemExit("%s exited %d" % (argv, proc.returncode))
    result = json.loads(out.strip().splitlines()[-1])
    result["bytes"] = received[0]
    return result


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    sides = {
        "no dashboard": dict(followers=0, reading=True, dashboard=False),
        "dashboard, unwatched": dict(followers=0, reading=True),
        "4 browsers following": dict(followers=4, reading=True),
        "4 browsers stuck": dict(followers=4, reading=False),
    }
    runs = {name: [] for name in sides}
    for _ in range(rounds):
        for name, kw in sides.items():
            runs[name].append(one_run(n, **kw))
    base = median(r["run"] for r in runs["no dashboard"])
    print("%d trivial tasks on %d spoke threads, median of %d interleaved rounds" % (n, WORKERS, rounds))
    print("| %-22s | %11s | %13s | %16s |" % ("what", "ran tasks/s", "vs none", "stream KB read"))
    print("|%s|%s|%s|%s|" % ("-" * 24, "-" * 13, "-" * 15, "-" * 18))
    for name, results in runs.items():
        ran = median(r["run"] for r in results)
        print("| %-22s | %11.0f | %12.3fx | %16.0f |" % (name, ran, ran / base,
                                                         median(r["bytes"] for r in results) / 1024))


if __name__ == "__main__":
    main()
