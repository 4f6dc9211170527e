"""Registries: one place for each kind of building block (activations, losses, ...).

A ``Registry`` maps names to members of one kind. Each member is registered once, right
beside its code (``ACTIVATIONS.register(Activation("relu", ...))``); every menu, plot,
command-line choice and test reads the registry, so a member added there appears everywhere.
``lookup`` turns a name into its member, with an error that lists the valid names.
"""


class Registry(dict):
    """Name -> member, for members of one type (with a ``name`` field)."""

    def __init__(self, kind, member_type, article="a"):
        super().__init__()
        self.kind, self.member_type, self.article = kind, member_type, article

    def register(self, member):
        """Add ``member`` under ``member.name`` (replacing one of that name); returns it."""
        if not isinstance(member, self.member_type):
            raise TypeError(f"{self.kind} must be {self.article} {self.member_type.__name__}, "
                            f"got {type(member).__name__}")  # fmt: skip
        self[member.name] = member
        return member

    def lookup(self, value, argument):
        """The member named ``value`` (a member itself passes through)."""
        if isinstance(value, self.member_type):
            return value
        if not isinstance(value, str):
            raise TypeError(f"{argument} must be a name (str) or {self.article} "
                            f"{self.member_type.__name__}, got {type(value).__name__}")  # fmt: skip
        if value not in self:
            raise ValueError(f"{argument}: unknown {self.kind} {value!r}; "
                             f"valid names are {', '.join(self)}")  # fmt: skip
        return self[value]
