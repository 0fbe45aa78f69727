"""The vault: an encrypted SQLCipher database, its unlocking, migrations and backups."""

from .errors import (
    DiskFullError,
    PassphraseRejected,
    VaultBusyError,
    VaultDamagedError,
    VaultDiskError,
    VaultError,
    VaultExistsError,
    VaultMissingError,
    VaultTooNewError,
    WrongPassphraseError,
)
from .passphrase import MIN_PASSPHRASE_LENGTH, check_new_passphrase, passphrase_weakness
from .vault import Vault

__all__ = [
    "DiskFullError",
    "MIN_PASSPHRASE_LENGTH",
    "PassphraseRejected",
    "Vault",
    "VaultBusyError",
    "VaultDamagedError",
    "VaultDiskError",
    "VaultError",
    "VaultExistsError",
    "VaultMissingError",
    "VaultTooNewError",
    "WrongPassphraseError",
    "check_new_passphrase",
    "passphrase_weakness",
]
