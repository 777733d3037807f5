"""multiprocessing.Pool's terminate() with GraalPy's own start method, `graalpy` (workers are
contexts in this JVM), made to end (docs/cpython-command-line.md).

GraalPy ends a worker context by cancelling it, and the cancel takes effect only where the worker
waits on a lock or has not started yet: a worker that is still booting (importing the main
module), sleeping or computing goes on as if nothing was asked. CPython's terminate() then holds
the task queue's read lock for good (its workers are dead, so nobody needs it), and joins the
workers: a worker that missed the cancel waits on that lock for ever, and so does the program at
the end of `with Pool(...)` (about one run in three on a loaded machine).

So, for pools of graalpy workers, once the pool's task handler has ended (it feeds the queue no
more), the queue's leftover tasks are dropped as CPython's terminate drops them, one sentinel per
worker is queued, and the read lock is given back: a worker that missed the cancel takes its
sentinel and ends as after close(). A worker deep in a task finishes that task first; one that
never returns cannot be ended by GraalPy at all (said in the doc)."""

import threading


def _is_graalpy(pool):
    return bool(pool) and getattr(pool[0], "_start_method", None) == "graalpy"


def _release_survivors(inqueue, task_handler, workers):
    from multiprocessing.reduction import ForkingPickler
    task_handler.join()
    try:
        while inqueue._reader.poll():
            inqueue._reader.recv()
        sentinel = bytes(ForkingPickler.dumps(None))
        for _ in range(workers):
            inqueue._writer.send_bytes(sentinel)
    except OSError:
        pass  # the queue is closed: nobody is left to wait on it
    finally:
        inqueue._rlock.release()


def fix(module):
    """Wraps Pool._help_stuff_finish (terminate() calls it, and it takes the read lock) for graalpy pools."""
    pool_class = module.Pool
    original = pool_class.__dict__["_help_stuff_finish"].__func__
    original_terminate = pool_class.__dict__["_terminate_pool"].__func__
    local = threading.local()

    def _terminate_pool(cls, taskqueue, inqueue, outqueue, pool, *rest):
        local.graalpy = _is_graalpy(pool)
        try:
            return original_terminate(cls, taskqueue, inqueue, outqueue, pool, *rest)
        finally:
            local.graalpy = False

    def _help_stuff_finish(inqueue, task_handler, size):
        original(inqueue, task_handler, size)
        if getattr(local, "graalpy", False):
            threading.Thread(target=_release_survivors, args=(inqueue, task_handler, size),
                             name="spm-graalpy-pool-terminate", daemon=True).start()

    pool_class._terminate_pool = classmethod(_terminate_pool)
    pool_class._help_stuff_finish = staticmethod(_help_stuff_finish)
