"""CPython's `_bz2` (what `bz2` is built on), on the machine's libbz2 through ctypes: the
BZ2Compressor and BZ2Decompressor that bz2.compress, bz2.decompress and bz2.open use, with
CPython's behaviour (max_length, needs_input, eof, unused_data, the same errors)."""

import ctypes
import ctypes.util
import threading

__all__ = ["BZ2Compressor", "BZ2Decompressor"]


def _load():
    name = ctypes.util.find_library("bz2") or "libbz2.so.1.0"
    try:
        return ctypes.CDLL(name)
    except OSError as e:
        raise ImportError("bz2 needs libbz2 (%s): %s" % (name, e)) from None


_lib = _load()

_RUN, _FLUSH, _FINISH = 0, 1, 2
_OK, _RUN_OK, _FLUSH_OK, _FINISH_OK, _STREAM_END = 0, 1, 2, 3, 4
_ERRORS = {-1: "Internal error - Invalid sequence of commands sent to libbzip2",
           -2: "Internal error - Invalid parameters passed to libbzip2",
           -4: "Invalid data stream", -5: "Invalid data stream",
           -6: "Unknown I/O error", -7: "Compressed file ended before the logical end-of-stream was detected",
           -8: "Internal error - Output buffer full", -9: "libbzip2 was not compiled correctly"}
_CHUNK = 64 * 1024


class _Stream(ctypes.Structure):
    _fields_ = [("next_in", ctypes.c_void_p), ("avail_in", ctypes.c_uint),
                ("total_in_lo32", ctypes.c_uint), ("total_in_hi32", ctypes.c_uint),
                ("next_out", ctypes.c_void_p), ("avail_out", ctypes.c_uint),
                ("total_out_lo32", ctypes.c_uint), ("total_out_hi32", ctypes.c_uint),
                ("state", ctypes.c_void_p), ("bzalloc", ctypes.c_void_p), ("bzfree", ctypes.c_void_p),
                ("opaque", ctypes.c_void_p)]


for _name, _args in (("BZ2_bzCompressInit", [ctypes.POINTER(_Stream), ctypes.c_int, ctypes.c_int, ctypes.c_int]),
                     ("BZ2_bzCompress", [ctypes.POINTER(_Stream), ctypes.c_int]),
                     ("BZ2_bzCompressEnd", [ctypes.POINTER(_Stream)]),
                     ("BZ2_bzDecompressInit", [ctypes.POINTER(_Stream), ctypes.c_int, ctypes.c_int]),
                     ("BZ2_bzDecompress", [ctypes.POINTER(_Stream)]),
                     ("BZ2_bzDecompressEnd", [ctypes.POINTER(_Stream)])):
    getattr(_lib, _name).argtypes = _args
    getattr(_lib, _name).restype = ctypes.c_int
del _name, _args


def _check(rc):
    if rc < 0:
        if rc == -3:
            raise MemoryError()
        if rc in (-4, -5, -7):
            raise OSError(_ERRORS[rc])
        raise OSError(_ERRORS.get(rc, "Unrecognized error from libbzip2: %d" % rc))
    return rc


def _feed(stream, data):
    """Points the stream at `data`; returns the buffer, which must live while the stream reads it."""
    buf = ctypes.create_string_buffer(data, len(data)) if data else None
    stream.next_in = ctypes.addressof(buf) if buf is not None else None
    stream.avail_in = len(data)
    return buf


def _pump(stream, step, room):
    """One call of `step` into a fresh output buffer of `room` bytes: (rc, bytes produced)."""
    out = ctypes.create_string_buffer(room)
    stream.next_out = ctypes.addressof(out)
    stream.avail_out = room
    rc = _check(step())
    return rc, out.raw[:room - stream.avail_out]


class BZ2Compressor:
    """Create a compressor object for compressing data incrementally (compresslevel 1-9)."""

    def __init__(self, compresslevel=9, /):
        if not 1 <= compresslevel <= 9:
            raise ValueError("compresslevel must be between 1 and 9")
        self._stream = _Stream()
        self._lock = threading.Lock()
        self._flushed = False
        _check(_lib.BZ2_bzCompressInit(ctypes.byref(self._stream), compresslevel, 0, 0))

    def compress(self, data, /):
        with self._lock:
            if self._flushed:
                raise ValueError("Compressor has been flushed")
            keep = _feed(self._stream, bytes(data))  # noqa: F841 - read by libbz2 below
            out = []
            while self._stream.avail_in:
                _, chunk = _pump(self._stream, lambda: _lib.BZ2_bzCompress(ctypes.byref(self._stream), _RUN), _CHUNK)
                out.append(chunk)
            return b"".join(out)

    def flush(self):
        with self._lock:
            if self._flushed:
                raise ValueError("Repeated call to flush()")
            self._flushed = True
            _feed(self._stream, b"")
            out = []
            while True:
                rc, chunk = _pump(self._stream, lambda: _lib.BZ2_bzCompress(ctypes.byref(self._stream), _FINISH),
                                  _CHUNK)
                out.append(chunk)
                if rc == _STREAM_END:
                    break
            _lib.BZ2_bzCompressEnd(ctypes.byref(self._stream))
            return b"".join(out)

    def __del__(self):
        if not getattr(self, "_flushed", True):
            _lib.BZ2_bzCompressEnd(ctypes.byref(self._stream))


class BZ2Decompressor:
    """Create a decompressor object for decompressing data incrementally."""

    def __init__(self):
        self._stream = _Stream()
        self._lock = threading.Lock()
        self._pending = b""
        self.eof = False
        self.unused_data = b""
        self.needs_input = True
        self._ended = False
        _check(_lib.BZ2_bzDecompressInit(ctypes.byref(self._stream), 0, 0))

    def decompress(self, data, max_length=-1):
        with self._lock:
            if self.eof:
                raise EOFError("End of stream already reached")
            pending = self._pending + bytes(data)
            keep = _feed(self._stream, pending)  # noqa: F841 - read by libbz2 below
            out = []
            total = 0
            while True:
                room = _CHUNK if max_length is None or max_length < 0 else min(_CHUNK, max_length - total)
                if room <= 0:
                    break
                rc, chunk = _pump(self._stream, lambda: _lib.BZ2_bzDecompress(ctypes.byref(self._stream)), room)
                out.append(chunk)
                total += len(chunk)
                if rc == _STREAM_END:
                    self.eof = True
                    break
                if self._stream.avail_in == 0 and len(chunk) < room:
                    break  # all the input is in, and all it gave is out
            rest = pending[len(pending) - self._stream.avail_in:]
            if self.eof:
                self.unused_data = rest
                self._pending = b""
                self.needs_input = False
                self._end()
            else:
                self._pending = rest
                self.needs_input = not rest and not (max_length is not None and 0 <= max_length <= total)
            return b"".join(out)

    def _end(self):
        if not self._ended:
            self._ended = True
            _lib.BZ2_bzDecompressEnd(ctypes.byref(self._stream))

    def __del__(self):
        if hasattr(self, "_ended"):
            self._end()
