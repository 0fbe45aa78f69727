"""Messages for the person at the keyboard: every refusal says what happened and what to do."""

from __future__ import annotations


class ExchangeError(Exception):
    """Something the person can act on; the message is shown as it is."""


class BundleRefused(ExchangeError):
    """A bundle was checked and refused before anything changed."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason} Nothing was imported.")


class NoExchangeKey(ExchangeError):
    def __init__(self) -> None:
        super().__init__(
            "This computer has no practice exchange key yet. Install the practice's key file "
            "(in the Exchange area: Install the practice key..., or `careplan-desktop exchange-key --install FILE`) "
            "and try again."
        )


def plain_reason(error: BaseException) -> str:
    """Why a bundle could not be imported, in words for the person, for any error (never the
    name of an exception, a traceback or a value from the bundle)."""
    if isinstance(error, ExchangeError):
        return str(error)
    kind = type(error).__name__
    if kind == "IntegrityError":
        return ("This bundle could not be imported: something in it clashes with a record already on this computer. "
                "Nothing from it was imported; the other bundles were. Ask the practice's system supplier to look at it.")
    if kind == "OperationalError":
        return ("This bundle could not be imported just now: the vault was busy or could not be written. "
                "Nothing from it was imported. Choose Try again, or restart CarePlan Desktop.")
    if isinstance(error, MemoryError):
        return "This bundle is too large to import on this computer. Nothing from it was imported."
    if isinstance(error, OSError):
        return (f"This bundle could not be read ({error.strerror or 'the file could not be opened'}). "
                "Nothing from it was imported. Check the folder, then choose Try again.")
    return ("This bundle could not be imported because of an unexpected problem. Nothing from it was imported; "
            "the other bundles were. Ask the practice's system supplier to look at it.")
