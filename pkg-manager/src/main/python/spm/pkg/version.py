"""PEP 440 versions: parsing, normalization and ordering (there is no `packaging` here).

`Version("1.0.post2")` parses a version the way pip reads it: case-insensitive, an optional
leading `v`, the spellings PEP 440 allows (`alpha`, `c`, `pre`, `rev`, `-1`, separators `.-_`)
normalized. `str(v)` is the normalized form, versions compare in PEP 440 order (1.9 < 1.10,
1.0.dev0 < 1.0a1 < 1.0rc1 < 1.0 < 1.0+local < 1.0.post1), and `v.key` names a version up to
equality (1.0 == 1.0.0): the store keys its folders by it. An invalid string raises
SPMInvalidVersion naming it and what is wrong with it.
"""

import re

from spm.exceptions import SPMInvalidVersion

_SEP = r"[-_.]?"
# One regular expression per part, so that an error can say which part is wrong.
_PATTERN = re.compile(
    r"""
    v?
    (?:(?P<epoch>[0-9]+)!)?
    (?P<release>[0-9]+(?:\.[0-9]+)*)
    (?:{sep}(?P<pre_letter>alpha|beta|preview|pre|rc|a|b|c){sep}(?P<pre_number>[0-9]+)?)?
    (?:-(?P<post_implicit>[0-9]+)|{sep}(?P<post_letter>post|rev|r){sep}(?P<post_number>[0-9]+)?)?
    (?:{sep}(?P<dev>dev){sep}(?P<dev_number>[0-9]+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    """.format(sep=_SEP),
    re.VERBOSE | re.IGNORECASE)

_PRE_SPELLINGS = {"a": "a", "alpha": "a", "b": "b", "beta": "b",
                  "c": "rc", "rc": "rc", "pre": "rc", "preview": "rc"}

# Ordering of optional parts: absent sorts below or above every present value.
_BELOW = (0,)
_ABOVE = (2,)


class Version:
    """A PEP 440 version. Immutable; hashable and ordered by PEP 440's rules."""

    __slots__ = ("epoch", "release", "pre", "post", "dev", "local", "_order")

    def __init__(self, text):
        if not isinstance(text, str):
            raise SPMInvalidVersion("a version is a string, not %r" % (text,))
        match = _PATTERN.fullmatch(text.strip())
        if match is None:
            raise SPMInvalidVersion("invalid version %r: %s" % (text, _what_is_wrong(text.strip())))
        part = match.group
        self.epoch = int(part("epoch") or 0)
        self.release = tuple(int(n) for n in part("release").split("."))
        self.pre = (_PRE_SPELLINGS[part("pre_letter").lower()], int(part("pre_number") or 0)) \
            if part("pre_letter") else None
        if part("post_implicit") is not None:
            self.post = int(part("post_implicit"))
        elif part("post_letter"):
            self.post = int(part("post_number") or 0)
        else:
            self.post = None
        self.dev = int(part("dev_number") or 0) if part("dev") else None
        self.local = tuple(_local_segment(s) for s in re.split(r"[-_.]", part("local").lower())) \
            if part("local") else None
        self._order = self._ordering()

    def _ordering(self):
        release = list(self.release)
        while len(release) > 1 and release[-1] == 0:  # 1.0 == 1.0.0
            release.pop()
        if self.pre is not None:
            pre = (1, self.pre)
        elif self.post is None and self.dev is not None:
            pre = _BELOW  # 1.0.dev0 comes before 1.0a0
        else:
            pre = _ABOVE
        post = _BELOW if self.post is None else (1, self.post)
        dev = _ABOVE if self.dev is None else (1, self.dev)
        # A numeric local segment sorts above an alphanumeric one; a longer local version above
        # its own prefix (tuple order does that).
        local = _BELOW if self.local is None else (1, tuple(
            (1, s, "") if isinstance(s, int) else (0, 0, s) for s in self.local))
        return (self.epoch, tuple(release), pre, post, dev, local)

    @property
    def public(self):
        """The version without its local label, normalized."""
        return str(self).split("+", 1)[0]

    @property
    def is_prerelease(self):
        return self.pre is not None or self.dev is not None

    @property
    def key(self):
        """A normalized name for this version up to equality: trailing zeros of the release
        dropped (1.0 and 1.0.0 share the key "1"). Usable as a file name."""
        epoch, release, _, _, _, _ = self._order
        return _format(epoch, release, self.pre, self.post, self.dev, self.local)

    def __str__(self):
        return _format(self.epoch, self.release, self.pre, self.post, self.dev, self.local)

    def __repr__(self):
        return "Version(%r)" % str(self)

    def __hash__(self):
        return hash(self._order)

    def __eq__(self, other):
        return self._order == other._order if isinstance(other, Version) else NotImplemented

    def __lt__(self, other):
        return self._order < other._order if isinstance(other, Version) else NotImplemented

    def __le__(self, other):
        return self._order <= other._order if isinstance(other, Version) else NotImplemented

    def __gt__(self, other):
        return self._order > other._order if isinstance(other, Version) else NotImplemented

    def __ge__(self, other):
        return self._order >= other._order if isinstance(other, Version) else NotImplemented

    def __reduce__(self):
        return (Version, (str(self),))


def parse(text):
    """`Version(text)`."""
    return Version(text)


def _local_segment(segment):
    return int(segment) if segment.isdigit() else segment


def _format(epoch, release, pre, post, dev, local):
    text = "%d!" % epoch if epoch else ""
    text += ".".join(str(n) for n in release)
    if pre is not None:
        text += "%s%d" % pre
    if post is not None:
        text += ".post%d" % post
    if dev is not None:
        text += ".dev%d" % dev
    if local is not None:
        text += "+" + ".".join(str(s) for s in local)
    return text


def _what_is_wrong(text):
    """A short reason an invalid version string is invalid, for the error message."""
    if not text:
        return "it is empty"
    start = text[1:] if text[:1] in "vV" else text
    if "!" in start and not re.fullmatch(r"[0-9]+", start.split("!", 1)[0]):
        return "the epoch before '!' must be a number"
    body = start.split("!", 1)[-1]
    if not body[:1].isdigit():
        return "a version starts with a number (the release, as in 1.2)"
    if "+" in body:
        local = body.split("+", 1)[1]
        if not re.fullmatch(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", local, re.IGNORECASE):
            return "the local label after '+' may hold only letters, digits and . - _ between them"
    valid = next((n for n in range(len(text) - 1, 0, -1) if _PATTERN.fullmatch(text[:n])), 0)
    return "%r cannot follow %r (PEP 440: N[.N]*, then optionally aN, bN or rcN, .postN, .devN," \
        " +local)" % (text[valid:], text[:valid])
