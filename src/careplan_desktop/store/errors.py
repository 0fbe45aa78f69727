"""What can go wrong with a vault, each with a message that says what to do.

Messages never contain the passphrase, the path's contents or any patient data.
"""


class VaultError(Exception):
    """Base class; `str(error)` is fit to show to the user."""


class WrongPassphraseError(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "Wrong passphrase, or the vault file is damaged. Check the passphrase "
            "(capitals count) and try again. If it still will not open, restore the vault "
            "from your latest backup."
        )


class VaultTooNewError(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "This vault was made by a newer version of CarePlan Desktop. It has not been "
            "changed. Install the latest version of CarePlan Desktop to open it."
        )


class VaultMissingError(VaultError):
    def __init__(self) -> None:
        super().__init__("There is no vault at this location. Create a new vault, or choose the right file.")


class VaultExistsError(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "A vault already exists at this location. Unlock it, or choose another place for the new vault."
        )


class PassphraseRejected(VaultError):
    """A new passphrase that is too short or not typed the same twice."""
