"""spm.env: constants of the environment (`const.default`: "let the runtime choose")."""

from spm._sentinel import Sentinel


class _Default(Sentinel):
    """`spm.env.const.default`: let the runtime choose (e.g. for nSpokesMin / nSpokesMax)."""

    _repr = "spm.env.const.default"


class const:
    default = _Default()
