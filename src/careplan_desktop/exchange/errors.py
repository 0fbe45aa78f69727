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
