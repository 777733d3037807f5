"""Communication closures (DESIGN §4c): `spm.pclosure.micro.aggregateRank.policyA.defun(signature
= ..., stage2Cb = ..., stage5Cb = ...)`, declared offline at import on the hub and on the spokes
(the module is imported on both). They work only online inside a fine-grain run, and only the
operations its manager enables; anywhere else a call raises SPMInvariantViolation naming why
(on a spoke it is recorded, so the task reports it even if caught).

Fine grain (limited): a task on a spoke calls `mc.send(value, timeout = ...)` (waits for the
hub's reply and returns it) or `mc.post(value)` (no wait). The hub's manage loop calls the
closure's `stage5Cb(mc)` once per message, on the interpreter thread: `mc.stage5.payload.tie()`
is the value, `mc.stage5.payload.origin()` the sending task's (handle, rank),
`mc.stage5.event.reply(value)` answers. A reply to a `post` goes to the spoke's `stage2Cb(mc)`
(`mc.stage2.payload.tie()` is the reply), run on the task's own thread at its next `send` or
`post` and once more when its evaluator returns (docs/FINE-GRAIN.md).

Messages travel pickled: {"to": (module, signature), "id": n, "kind": "send" | "post",
"value": v} from a task, {"re": n, "value": v} back."""

import itertools
import pickle
import struct
import time
from types import SimpleNamespace

from spm import _engine, _state
from spm.exceptions import SPMException, SPMInvariantViolation, SPMMessageTimeout, SPMMessageTooLarge

#: (module, signature) -> the communication closure declared so (on this resource).
_closures = {}
#: What each grain enables of a communication closure's operations.
ENABLED = {
    "coarse": (),
    "fineLimited": ("send", "post"),
    "fineGeneral": ("rank", "size", "send", "recv", "aggregate"),
}
_GRAIN_NAMES = {"coarse": "grainCoarse", "fineLimited": "grainFineLimited", "fineGeneral": "grainFineGeneral"}
#: FineGeneralPolicy.RANK_MAGIC.
RANK_MAGIC = b"SPMRANK1\n"
#: A receive waits in slices this long: a task's timeout can stop it between two.
_SLICE = 0.2


class _TaskLine:
    """The running task's side of its communication (on a spoke), while it evaluates."""

    def __init__(self, grain, rank, size):
        self.grain = grain
        self.rank = rank
        self.size = size
        self.ids = itertools.count(1)
        #: Ids of this task's posts: a reply to one goes to its closure's stage2Cb.
        self.posts = {}
        #: (closure, value) of the replies to posts not yet given to stage2Cb.
        self.post_replies = []
        #: General: messages sent to this rank, (sender, value), not yet taken by recv.
        self.inbox = []
        #: General: how many messages it took from the hub (the hub's deadlock check counts them).
        self.taken = 0
        #: General: the last aggregate's values, until aggregate returns them.
        self.aggregated = None


#: The running task's line, or None (no task runs on this spoke, or this is the hub).
_line = None


def task_started(grain, rank=-1, size=0):
    """The spoke's engine starts evaluating a task of this grain (spm._spoke)."""
    global _line
    _line = _TaskLine(grain, rank, size)


def task_ended():
    """The task's evaluator returned (or raised): replies to its posts that came go to stage2Cb."""
    global _line
    line = _line
    try:
        if line is not None and line.posts:
            _drain(line, 0)
            _run_stage2(line)
    finally:
        _line = None


def task_abandoned():
    """No task runs any more (its evaluator ended, or it was stopped): nothing of it is kept."""
    global _line
    _line = None


def _pack(message):
    body = pickle.dumps(message)
    limit = _engine.message_limit()
    if len(body) > limit:
        raise SPMMessageTooLarge("the message is %d bytes pickled; a communication closure carries at most %d"
                                 % (len(body), limit))
    return body


def _drain(line, seconds):
    """The replies that came for the running task's sends: waits up to `seconds` for the first,
    then takes those already here. A reply to a post is set aside for stage2Cb instead."""
    got = []
    wait = seconds
    while True:
        body = _engine.task_receive(wait)
        if body is None:
            return got
        message = pickle.loads(body)
        closure = line.posts.pop(message.get("re"), None)
        if closure is not None:
            line.post_replies.append((closure, message["value"]))
        else:
            got.append(message)
        wait = 0


def _take_general(line, seconds):
    """General: the hub's messages for this rank, waiting up to `seconds` for the first."""
    wait = seconds
    while True:
        body = _engine.task_receive(wait)
        if body is None:
            return
        kind = body[:1]
        if kind == b"M":
            (sender,) = struct.unpack_from(">i", body, 1)
            line.inbox.append((sender, pickle.loads(body[5:])))
            line.taken += 1
        elif kind == b"G":
            (count,) = struct.unpack_from(">i", body, 1)
            at, values = 5, []
            for _ in range(count):
                (length,) = struct.unpack_from(">i", body, at)
                values.append(pickle.loads(body[at + 4:at + 4 + length]))
                at += 4 + length
            line.aggregated = values
        wait = 0


def split_rank(data):
    """(rank, size, the task's own bytes) of what the engine sent (FineGeneralPolicy.java): a
    general run's copy comes with its rank and the run's size; (-1, 0, data) otherwise."""
    if not data.startswith(RANK_MAGIC):
        return -1, 0, data
    rank, size = struct.unpack_from(">ii", data, len(RANK_MAGIC))
    return rank, size, data[len(RANK_MAGIC) + 8:]


def _run_stage2(line):
    while line.post_replies:
        closure, value = line.post_replies.pop(0)
        closure._stage2_call(value)


class Communication:
    """A communication closure (`micro.aggregateRank.policyA`)."""

    def __init__(self, path, signature, module, stage2Cb, stage5Cb):
        self._path = path
        self._key = (module, signature)
        self._stage2Cb = stage2Cb
        self._stage5Cb = stage5Cb
        self._incoming = None
        self._reply_value = None
        self.meta = SimpleNamespace(signature=signature, module=SimpleNamespace(name=module))
        self.stage5 = SimpleNamespace(
            payload=SimpleNamespace(tie=self._stage5_tie, origin=self._stage5_origin),
            event=SimpleNamespace(reply=self._stage5_reply))
        self.stage2 = SimpleNamespace(payload=SimpleNamespace(tie=self._stage2_tie))

    def __repr__(self):
        return "<spm.pclosure.%s %r of %s>" % (self._path, self._key[1], self._key[0])

    # --- on a spoke, inside a task ---------------------------------------------------------------

    def _enabled(self, op):
        """The running task's line, if `op` may be used here and now; else SPMInvariantViolation."""
        where = "mc.%s (%r)" % (op, self._key[1])
        if _engine.is_hub():
            raise SPMInvariantViolation(
                "%s: at the hub; tasks on spokes send, and the hub answers in stage5Cb with "
                "mc.stage5.event.reply(...)" % where)
        line = _line
        if line is None or not _state.is_online():
            raise _state.record_violation(SPMInvariantViolation(
                "%s: offline; a communication closure works only online, in a task of a fine-grain run" % where))
        if op not in ENABLED[line.grain]:
            enabled = ENABLED[line.grain]
            raise _state.record_violation(SPMInvariantViolation(
                "%s: the running task's manager (%s) %s" % (
                    where, _GRAIN_NAMES[line.grain],
                    "enables no communication closure (use a grainFineLimited or grainFineGeneral manager)"
                    if not enabled else "enables %s, not %s" % (", ".join(enabled), op))))
        return line

    def send(self, value, timeout=None, rank=None):
        """Limited: sends `value` to the hub and returns its reply. General: sends `value` to
        rank `rank` (no reply; it gets it with recv)."""
        line = self._enabled("send")
        if line.grain == "fineGeneral":
            if rank is None:
                raise _state.record_violation(SPMInvariantViolation(
                    "mc.send (%r): in a grainFineGeneral run a message goes to a rank: mc.send(value, rank = k)"
                    % self._key[1]))
            return self._send_to_rank(line, value, rank)
        if rank is not None:
            raise _state.record_violation(SPMInvariantViolation(
                "mc.send(rank = ...) (%r): sending to a rank is for grainFineGeneral runs" % self._key[1]))
        _run_stage2(line)
        seconds = _seconds(timeout)
        mid = next(line.ids)
        if not _engine.task_send(_pack({"to": self._key, "id": mid, "kind": "send", "value": value})):
            raise SPMException("mc.send: no task runs on this spoke")
        deadline = None if seconds is None else time.monotonic() + seconds
        while True:
            left = _SLICE if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise SPMMessageTimeout("mc.send (%r): no reply from the hub within %g s (its stage5Cb did not "
                                        "answer in time; a late reply is dropped)" % (self._key[1], seconds))
            for message in _drain(line, min(left, _SLICE)):
                if message.get("re") == mid:
                    return message["value"]
                # else: the reply to an earlier send that timed out: dropped

    def post(self, value):
        """Sends `value` to the hub without waiting; a reply goes to stage2Cb (fine grain, limited)."""
        line = self._enabled("post")
        _drain(line, 0)
        _run_stage2(line)
        mid = next(line.ids)
        line.posts[mid] = self
        if not _engine.task_send(_pack({"to": self._key, "id": mid, "kind": "post", "value": value})):
            raise SPMException("mc.post: no task runs on this spoke")

    def rank(self):
        """This copy's rank, 0..size()-1 (fine grain, general)."""
        return self._enabled("rank").rank

    def size(self):
        """How many ranks the run has (fine grain, general)."""
        return self._enabled("size").size

    def _send_to_rank(self, line, value, rank):
        if isinstance(rank, bool) or not isinstance(rank, int) or not 0 <= rank < line.size:
            raise ValueError("mc.send(rank = ...) takes a rank of this run, 0 to %d, not %r" % (line.size - 1, rank))
        if not _engine.task_send(b"S" + struct.pack(">i", rank) + _pack(value)):
            raise SPMException("mc.send: no task runs on this spoke")

    def recv(self, timeout=None):
        """The next message sent to this rank: (sender's rank, value) (fine grain, general)."""
        line = self._enabled("recv")
        if not line.inbox:
            seconds = _seconds(timeout)
            if seconds is None:
                # Told to the hub for its deadlock check: a recv with a timeout will come back by
                # itself, so only one without counts as waiting.
                _engine.task_send(b"R" + struct.pack(">i", line.taken))
            deadline = None if seconds is None else time.monotonic() + seconds
            while not line.inbox:
                left = _SLICE if deadline is None else deadline - time.monotonic()
                if left <= 0:
                    raise SPMMessageTimeout("mc.recv (%r): rank %d got no message within %g s"
                                            % (self._key[1], line.rank, seconds))
                _take_general(line, min(left, _SLICE))
        return line.inbox.pop(0)

    def aggregate(self, value):
        """Every rank's value, in rank order; a barrier (fine grain, general)."""
        line = self._enabled("aggregate")
        if not _engine.task_send(b"A" + _pack(value)):
            raise SPMException("mc.aggregate: no task runs on this spoke")
        while line.aggregated is None:
            _take_general(line, _SLICE)
        values, line.aggregated = line.aggregated, None
        return values

    def _stage2_call(self, value):
        if self._stage2Cb is None:
            return
        self._reply_value = (value,)
        try:
            self._stage2Cb(self)
        finally:
            self._reply_value = None

    def _stage2_tie(self):
        if self._reply_value is None:
            raise SPMInvariantViolation("mc.stage2.payload.tie() is for stage2Cb, while it takes a reply to a post")
        return self._reply_value[0]

    # --- at the hub, in stage5Cb -----------------------------------------------------------------

    def _stage5_call(self, incoming):
        self._incoming = incoming
        try:
            if self._stage5Cb is not None:
                self._stage5Cb(self)
        finally:
            self._incoming = None

    def _now(self, what):
        if self._incoming is None:
            raise SPMInvariantViolation("mc.stage5.%s is for stage5Cb, while it takes a task's message" % what)
        return self._incoming

    def _stage5_tie(self):
        return self._now("payload.tie()").value

    def _stage5_origin(self):
        """(the sending task's handle, its rank: its index in the run)."""
        incoming = self._now("payload.origin()")
        return incoming.handle(), incoming.task

    def _stage5_reply(self, value):
        incoming = self._now("event.reply(...)")
        if incoming.replied:
            raise SPMException("mc.stage5.event.reply: this message was answered already")
        incoming.replied = True
        incoming.run.reply(incoming.key, _pack({"re": incoming.id, "value": value}))


def _seconds(timeout):
    if timeout is None:
        return None
    seconds = getattr(timeout, "seconds", None)
    if seconds is None:
        raise TypeError("timeout takes spm.util.timeout.after(seconds = ...), not %r" % (timeout,))
    return float(seconds)


class _Incoming:
    __slots__ = ("value", "task", "key", "id", "run", "handle", "replied")

    def __init__(self, value, task, key, mid, run, handle):
        self.value = value
        self.task = task
        self.key = key
        self.id = mid
        self.run = run
        self.handle = handle
        self.replied = False


def hand_to_stage5(run, task, key, body, handle_of):
    """At the hub: one task's message to its closure's stage5Cb (spm.pclosure.closure's manage
    loop). `handle_of()` makes the sending task's handle, if the callback asks for it."""
    message = pickle.loads(body)
    closure = _closures.get(tuple(message["to"])) or _closures.get(_as_main(tuple(message["to"])))
    if closure is None:
        raise SPMException("a task sent a message to communication closure %r of module %s, which the hub did not "
                           "declare (import its module at the hub too)" % (message["to"][1], message["to"][0]))
    closure._stage5_call(_Incoming(message["value"], task, key, message["id"], run, handle_of))


def _as_main(key):
    """A script runs as __main__ at the hub and is imported by its own name on the spokes: a
    closure it declared is ("__main__", signature) here when the spoke names (its module, signature)."""
    import os
    import sys
    main = sys.modules.get("__main__")
    file = getattr(main, "__file__", None) or ""
    if os.path.splitext(os.path.basename(file))[0] == key[0]:
        return ("__main__", key[1])
    return key


def declare(path, signature, stage2Cb, stage5Cb, module):
    for name, cb in (("stage2Cb", stage2Cb), ("stage5Cb", stage5Cb)):
        if cb is not None and not callable(cb):
            raise TypeError("defun(%s = ...) takes a callable, not %r" % (name, cb))
    closure = Communication(path, signature, module, stage2Cb, stage5Cb)
    _closures[(module, signature)] = closure
    return closure
