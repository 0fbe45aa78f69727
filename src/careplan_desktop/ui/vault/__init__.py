"""Opening and closing the vault: the create and unlock dialogs and the lock flow."""

from .create_dialog import CreateVaultDialog
from .unlock_dialog import UnlockDialog

__all__ = ["CreateVaultDialog", "UnlockDialog"]
