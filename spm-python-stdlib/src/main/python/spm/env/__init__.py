"""spm.env: constants of the environment (`const.default`: "let the runtime choose")."""


class _Default:
    """`spm.env.const.default`: let the runtime choose (e.g. for nSpokesMin / nSpokesMax)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "spm.env.const.default"

    def __reduce__(self):
        return (_Default, ())


class const:
    default = _Default()
