"""A sentinel: a value of its own kind, one instance per subclass, that stays itself when pickled
(`spm.env.const.default`, the typedef default `deferred`)."""


class Sentinel:
    """Subclass it once per sentinel, with the repr as `_repr`: every call of the subclass gives
    the same instance, and unpickling one gives it back, so `is` compares them."""

    _repr = None

    def __new__(cls):
        instance = cls.__dict__.get("_instance")
        if instance is None:
            instance = super().__new__(cls)
            cls._instance = instance
        return instance

    def __repr__(self):
        return self._repr

    def __reduce__(self):
        return (type(self), ())
