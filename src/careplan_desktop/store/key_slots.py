"""Key slots: each member of staff's passphrase opens a wrapped copy of the vault's key.

The vault's key is 32 random bytes (SQLCipher is given it raw, with the salt at the start of
the file). Each member of staff has a slot: their passphrase, through Argon2id (memory-hard,
with a salt of the slot's own), gives a wrapping key; AES-GCM wraps the vault's key with it.
The slot's user uuid and the vault's salt are bound into the wrapping (associated data), so
a slot cannot be moved to another person or another vault. This is how disk-encryption tools
(LUKS) let several people open one disk:

* adding someone needs only the vault's key (held by whoever is signed in), never another
  person's passphrase; removing someone deletes their slot, so they cannot sign in again;
* the slot file sits beside the vault (`<vault>.keys`), owner-only, written atomically
  (`private_files.write_private`); it holds per slot the staff uuid, display name and role
  (staff names are not patient data), the KDF parameters and the wrapped key. Nothing in it
  names a patient. Losing it means nobody can sign in: it is backed up with the vault.

A vault made before key slots (one passphrase, the key derived by PBKDF2 from it) has no slot
file; `Vault.unlock` upgrades it (the old passphrase becomes the first administrator's slot,
wrapping the same key: the vault itself is not re-encrypted).
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import VaultError, WrongPassphraseError
from .private_files import write_private

FORMAT = "careplan-key-slots"
VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
SLOT_SALT_BYTES = 16

#: Argon2id's cost: 46 MiB of memory, one pass, one lane (OWASP's first recommended setting).
#: About 0.2 s on the practice's 2-core machine; bench/bench_sign_in.py measures it.
MEMORY_KIB = 47_104
ITERATIONS = 1
LANES = 1


class KeySlotsDamaged(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "The list of who can sign in (the .keys file beside the vault) is damaged. Nothing has "
            "been changed. Restore the vault and its .keys file from your latest backup."
        )


class KeySlotsMissing(WrongPassphraseError):
    """No .keys file beside the vault, and the passphrase does not open it as a vault made before
    key slots: the file was lost or not copied with the vault, or the passphrase is wrong."""

    def __init__(self) -> None:
        VaultError.__init__(
            self,
            "This vault cannot be opened: the passphrase is wrong, or the list of who can sign in (the "
            ".keys file beside the vault) is missing. Nothing has been changed. If the vault was copied "
            "or restored, copy its .keys file beside it too, or restore both from your latest backup."
        )


class NotOnStaffList(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "That name cannot sign in to this vault: choose your name from the list, or ask an "
            "administrator to add you."
        )


@dataclass(frozen=True)
class Kdf:
    salt: str  # base64
    memory_kib: int = MEMORY_KIB
    iterations: int = ITERATIONS
    lanes: int = LANES
    algorithm: str = "argon2id"

    def derive(self, passphrase: str) -> bytes:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        if self.algorithm != "argon2id":
            raise KeySlotsDamaged()
        return Argon2id(salt=_b(self.salt), length=KEY_BYTES, iterations=self.iterations, lanes=self.lanes,
                        memory_cost=self.memory_kib).derive(passphrase.encode("utf-8"))


@dataclass(frozen=True)
class KeySlot:
    user_uuid: str
    name: str
    role: str
    kdf: Kdf
    nonce: str  # base64
    wrapped: str  # base64: AES-GCM of the vault key, with its tag

    def open(self, passphrase: str, vault_salt: bytes) -> bytes:
        """The vault's key, or WrongPassphraseError."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            return AESGCM(self.kdf.derive(passphrase)).decrypt(_b(self.nonce), _b(self.wrapped),
                                                               _bound(self.user_uuid, vault_salt))
        except InvalidTag:
            raise WrongPassphraseError() from None


#: `for_user(FIRST_ADMINISTRATOR)`: the first slot of an administrator (the headless commands'
#: sign-in when CAREPLAN_USER is not set)
FIRST_ADMINISTRATOR = "\x00first administrator"


@dataclass
class KeySlots:
    slots: list[KeySlot] = field(default_factory=list)

    def for_user(self, who: str | None) -> KeySlot:
        """The slot of the member of staff named (uuid or name, any case). None: the first slot,
        the vault's creator (its first administrator, in any vault the app or `init` makes);
        FIRST_ADMINISTRATOR: the first administrator's slot (the first slot when none is)."""
        if who is None or who == FIRST_ADMINISTRATOR:
            if not self.slots:
                raise NotOnStaffList()
            if who is None:
                return self.slots[0]
            return next((s for s in self.slots if s.role == "administrator"), self.slots[0])
        wanted = " ".join(who.split()).casefold()
        for slot in self.slots:
            if slot.user_uuid == who or " ".join(slot.name.split()).casefold() == wanted:
                return slot
        raise NotOnStaffList()

    def without(self, user_uuid: str) -> KeySlots:
        return KeySlots([s for s in self.slots if s.user_uuid != user_uuid])

    def with_slot(self, slot: KeySlot) -> KeySlots:
        """`slot` in place of the person's old one (kept in its place), or added at the end."""
        if any(s.user_uuid == slot.user_uuid for s in self.slots):
            return KeySlots([slot if s.user_uuid == slot.user_uuid else s for s in self.slots])
        return KeySlots([*self.slots, slot])


def _b(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _t(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _bound(user_uuid: str, vault_salt: bytes) -> bytes:
    return f"{FORMAT}/{VERSION}/{user_uuid}/".encode() + vault_salt


def slots_path(vault_path: Path) -> Path:
    vault_path = Path(vault_path)
    return vault_path.with_name(vault_path.name + ".keys")


def new_vault_key() -> bytes:
    return os.urandom(KEY_BYTES)


def make_slot(user_uuid: str, name: str, role: str, passphrase: str, key: bytes, vault_salt: bytes) -> KeySlot:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kdf = Kdf(salt=_t(os.urandom(SLOT_SALT_BYTES)))
    nonce = os.urandom(NONCE_BYTES)
    wrapped = AESGCM(kdf.derive(passphrase)).encrypt(nonce, key, _bound(user_uuid, vault_salt))
    return KeySlot(user_uuid, name, role, kdf, _t(nonce), _t(wrapped))


def read_slots(vault_path: Path) -> KeySlots | None:
    """The vault's slots, or None when it has no slot file (a vault made before key slots)."""
    path = slots_path(vault_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise KeySlotsDamaged() from None
    try:
        if data["format"] != FORMAT or data["version"] != VERSION:
            raise KeySlotsDamaged()
        return KeySlots([KeySlot(**{**slot, "kdf": Kdf(**slot["kdf"])}) for slot in data["slots"]])
    except (KeyError, TypeError):
        raise KeySlotsDamaged() from None


def write_slots(vault_path: Path, slots: KeySlots) -> None:
    """Owner-only, atomically (a crash leaves the old file or the new one, never half)."""
    data = {"format": FORMAT, "version": VERSION, "slots": [asdict(slot) for slot in slots.slots]}
    write_private(slots_path(vault_path), json.dumps(data, indent=1).encode("utf-8"))
