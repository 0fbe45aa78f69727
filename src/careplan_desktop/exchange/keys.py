"""The practice exchange key and this device's identity.

A practice creates its exchange key once (at the hub) and installs it on every laptop. Two
kinds of key file:

* "file": 32 random bytes, base64, with the key id. The file IS the key: keep it like a
  smartcard (it is only needed to install the key; afterwards it lives inside each vault).
* "passphrase": no secret at all, only the practice salt and the scrypt parameters; the key is
  derived from a shared exchange passphrase typed at install (scrypt, n=2**15, r=8, p=1).

The key id is derived from the key, so a mistyped passphrase is caught at install. Every
number read from a key file is bounded before it is used (the limits below): a crafted file
cannot ask for gigabytes of memory or hours of work, it is refused with a plain message. Installed
keys live in the `exchange_key` table, inside the encrypted vault, never in settings or logs.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from careplan_desktop.models import Device, ExchangeKey, RecordClock, new_uuid, record_event
from careplan_desktop.store import Vault

from careplan_desktop.store.private_files import write_private
from .errors import ExchangeError, NoExchangeKey
from .practice_computers import install_computers, read_computers
from .signing import ensure_own_key

KEY_FILE_FORMAT = "careplan-exchange-key"
KEY_BYTES = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_EXCHANGE_PASSPHRASE = 12
#: what a key file may ask for; this release writes n=2**15, r=8, p=1 (32 MB, a fraction of a second)
MAX_KEY_FILE_BYTES = 64 * 1024
SALT_LENGTHS = range(16, 65)
SCRYPT_N_RANGE = range(2**14, 2**18 + 1)  # and a power of two
SCRYPT_R_RANGE = range(1, 33)
SCRYPT_P_RANGE = range(1, 17)
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024  # 128 * n * r bytes
MAX_SCRYPT_WORK = 2**22  # n * r * p: 16 times this release's
MAX_PRACTICE_NAME = 200


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    kind: str
    practice: str | None
    installed_at: dt.datetime | None = None


@dataclass(frozen=True)
class DeviceInfo:
    uuid: str
    name: str
    exchange_key_id: str | None


def key_id_for(secret: bytes) -> str:
    """16 bytes (32 hex digits) naming a key; a one-way function of the key."""
    return hashlib.sha256(b"careplan exchange key id\x00" + secret).hexdigest()[:32]


def derive_key(passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _write_private(path: Path, text: str) -> None:
    path = Path(path)
    if path.exists():
        raise ExchangeError(f"{path.name} already exists. Choose another file name; an existing key is never overwritten.")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_private(path, text.encode("utf-8"), overwrite=False)
    except FileExistsError:
        raise ExchangeError(f"{path.name} already exists. Choose another file name; an existing key is never "
                            "overwritten.") from None


def create_key_file(path: Path, *, practice: str | None = None, passphrase: str | None = None) -> tuple[KeyInfo, bytes]:
    """Write a new practice key file; returns its description and the key."""
    if passphrase is not None:
        if len(passphrase) < MIN_EXCHANGE_PASSPHRASE:
            raise ExchangeError(f"The exchange passphrase must have at least {MIN_EXCHANGE_PASSPHRASE} characters.")
        salt = secrets.token_bytes(16)
        secret = derive_key(passphrase, salt)
        body = {"kind": "passphrase", "salt": base64.b64encode(salt).decode(),
                "scrypt": {"n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}}
    else:
        secret = secrets.token_bytes(KEY_BYTES)
        body = {"kind": "file", "key": base64.b64encode(secret).decode()}
    info = KeyInfo(key_id_for(secret), body["kind"], practice)
    document = {"format": KEY_FILE_FORMAT, "version": 1, "key_id": info.key_id, "practice": practice, **body}
    _write_private(Path(path), json.dumps(document, indent=2) + "\n")
    return info, secret


def _not_a_key_file(path: Path) -> ExchangeError:
    return ExchangeError(f"{Path(path).name} is not a CarePlan exchange key file, or it is damaged.")


def _read_document(path: Path) -> dict:
    """The key file's JSON object, read only if it is of a key file's size, with a practice
    name of a sensible length."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise _not_a_key_file(path)
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExchangeError(f"{path.name} was not found.") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise _not_a_key_file(path) from None
    if not isinstance(document, dict) or document.get("format") != KEY_FILE_FORMAT:
        raise _not_a_key_file(path)
    practice = document.get("practice")
    if practice is not None and (not isinstance(practice, str) or len(practice) > MAX_PRACTICE_NAME):
        raise _not_a_key_file(path)
    return document


def _whole_number(value: object, allowed: range) -> int:
    """A JSON whole number inside `allowed` (not a bool, a float or a string of digits)."""
    if type(value) is not int or value not in allowed:
        raise ValueError("outside the limits")
    return value


def scrypt_settings(document: dict, name: str) -> tuple[bytes, int, int, int]:
    """The salt and scrypt n, r, p of a passphrase key file (called `name`), each within the limits."""
    try:
        salt = base64.b64decode(document["salt"], validate=True)
        params = document["scrypt"]
        n = _whole_number(params["n"], SCRYPT_N_RANGE)
        r = _whole_number(params["r"], SCRYPT_R_RANGE)
        p = _whole_number(params["p"], SCRYPT_P_RANGE)
        if len(salt) not in SALT_LENGTHS or n & (n - 1) or 128 * n * r > MAX_SCRYPT_MEMORY or n * r * p > MAX_SCRYPT_WORK:
            raise ValueError("outside the limits")
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise ExchangeError(
            f"{name} asks for key settings outside the limits CarePlan Desktop accepts, so it was "
            "not used. Ask whoever made the key file for a new one, made by CarePlan Desktop."
        ) from None
    return salt, n, r, p


def read_key_file(path: Path, passphrase: str | None = None) -> tuple[KeyInfo, bytes, dict]:
    """Read and check a key file; a passphrase key needs the exchange passphrase."""
    bad = _not_a_key_file(path)
    document = _read_document(path)
    if type(document.get("version")) is not int or document["version"] != 1:
        raise ExchangeError("This key file was made by a newer CarePlan Desktop. Update this computer, then install it again.")
    try:
        if document["kind"] == "file":
            text = document["key"]
            if not isinstance(text, str) or len(text) > 4 * KEY_BYTES:
                raise bad
            secret = base64.b64decode(text, validate=True)
        elif document["kind"] == "passphrase":
            salt, n, r, p = scrypt_settings(document, Path(path).name)
            if not passphrase:
                raise ExchangeError("This practice key is protected by the exchange passphrase: type it to install the key.")
            secret = derive_key(passphrase, salt, n, r, p)
        else:
            raise bad
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise bad from None
    if len(secret) != KEY_BYTES:
        raise bad
    if key_id_for(secret) != document.get("key_id"):
        if document["kind"] == "passphrase":
            raise ExchangeError("That exchange passphrase does not match this practice's key file. Check it and try again.")
        raise bad
    return KeyInfo(document["key_id"], document["kind"], document.get("practice")), secret, document


def key_file_needs_passphrase(path: Path) -> bool:
    """Whether installing this key file needs the shared exchange passphrase (not asked for
    when the file cannot be used anyway)."""
    try:
        document = _read_document(path)
        if document.get("kind") != "passphrase":
            return False
        scrypt_settings(document, Path(path).name)
    except ExchangeError:
        return False  # read_key_file explains what is wrong
    return True


def _store_key(session: Session, info: KeyInfo, secret: bytes, document: dict | None) -> ExchangeKey:
    session.execute(update(ExchangeKey).values(active=False))
    row = session.scalar(select(ExchangeKey).where(ExchangeKey.key_id == info.key_id))
    if row is None:
        row = ExchangeKey(key_id=info.key_id, kind=info.kind, secret=secret, practice=info.practice)
        if document and document.get("kind") == "passphrase":
            row.salt, row.scrypt_n, row.scrypt_r, row.scrypt_p = scrypt_settings(document, "The key file")
        session.add(row)
    row.active = True
    device = session.scalar(select(Device).where(Device.is_this_device.is_(True)))
    if device is not None:
        device.exchange_key_id = info.key_id
    record_event(session, "exchange key installed", "exchange_key", details={"key_id": info.key_id, "kind": info.kind})
    return row


def install_key(vault: Vault, path: Path, passphrase: str | None = None) -> KeyInfo:
    """Install the practice key from its file into this vault (it becomes the key for export;
    earlier keys stay, so bundles made with them can still be read), and the practice's computers
    the file carries, after their check (`practice_computers`)."""
    info, secret, document = read_key_file(path, passphrase)
    confirmed, removed = read_computers(document, secret)  # a list that fails its check: nothing installed
    with vault.transaction() as session:
        _store_key(session, info, secret, document)
        install_computers(session, confirmed, removed, vault.actor.device_uuid if vault.actor else None)
    return info


def create_and_install_key(vault: Vault, path: Path, *, practice: str | None = None,
                           passphrase: str | None = None) -> KeyInfo:
    info, secret = create_key_file(path, practice=practice, passphrase=passphrase)
    _, _, document = read_key_file(path, passphrase)
    with vault.transaction() as session:
        _store_key(session, info, secret, document)
    return info


def current_key(vault: Vault) -> KeyInfo | None:
    with vault.reader() as session:
        row = session.scalar(select(ExchangeKey).where(ExchangeKey.active.is_(True)))
        return KeyInfo(row.key_id, row.kind, row.practice, row.installed_at) if row else None


def export_key(session: Session) -> tuple[str, bytes]:
    row = session.scalar(select(ExchangeKey).where(ExchangeKey.active.is_(True)))
    if row is None:
        raise NoExchangeKey()
    return row.key_id, row.secret


def keyring(session: Session) -> dict[str, bytes]:
    """Every installed key by id (the active one and earlier ones)."""
    return {row.key_id: row.secret for row in session.scalars(select(ExchangeKey))}


# -- this device -------------------------------------------------------------------------------
def this_device(vault: Vault) -> DeviceInfo:
    with vault.reader() as session:
        device = session.scalar(select(Device).where(Device.is_this_device.is_(True)))
        if device is None:
            raise ExchangeError("This vault has no device identity. Run `careplan-desktop device --name NAME --new-identity`.")
        return DeviceInfo(device.uuid, device.name, device.exchange_key_id)


def name_this_device(vault: Vault, name: str, *, new_identity: bool = False) -> DeviceInfo:
    """Rename this device, or (new_identity) give this vault a fresh device uuid: needed when a
    vault file was copied from another computer, since two vaults must never share one.

    Before the identity changes, every record's history clock is stored, so later changes made
    here are recognised as grown from the versions the two computers shared."""
    name = " ".join((name or "").split())
    if not name:
        raise ExchangeError("Give this computer a name, for example \"Andrea's laptop\".")
    if len(name) > 80:
        raise ExchangeError("Keep the computer's name under 80 characters.")
    with vault.transaction() as session:
        current = session.scalar(select(Device).where(Device.is_this_device.is_(True)))
        if current is not None and not new_identity:
            current.name = name
        else:
            if current is not None:  # a local-only flag: flipped without a revision, it never travels
                session.execute(update(Device).where(Device.id == current.id).values(is_this_device=False))
                _remember_shared_history(session)
            fresh = Device(uuid=new_uuid(), name=name, is_this_device=True,
                           exchange_key_id=current.exchange_key_id if current else None)
            session.add(fresh)
            session.flush()
            fresh.changed_by_device = fresh.uuid
            record_event(session, "device identity created", "device", fresh.uuid,
                         details={"previous": current.uuid if current else None})
        device = current if current is not None and not new_identity else fresh
        ensure_own_key(session, device.uuid, name)  # each computer signs its bundles with its own key
    vault.sign_in(vault.actor.user_uuid)  # type: ignore[arg-type]  # reloads the actor: this device
    return this_device(vault)


def _remember_shared_history(session: Session) -> None:
    from .clocks import effective
    from .records import ENTITIES  # local import: records needs only the models

    table = RecordClock.__table__
    stored = {uuid: (entity, clock) for uuid, entity, clock in session.execute(select(table.c.record_uuid, table.c.entity, table.c.clock))}
    rows = []
    for entity in ENTITIES.values():
        source = entity.model.__table__
        for uuid, revision, device in session.execute(select(source.c.uuid, source.c.revision, source.c.changed_by_device)):
            _, clock = stored.pop(uuid, (None, None))
            rows.append({"record_uuid": uuid, "entity": entity.name, "clock": effective(clock, revision, device)})
    rows += [{"record_uuid": uuid, "entity": entity, "clock": clock} for uuid, (entity, clock) in stored.items()]
    session.execute(table.delete())
    if rows:
        session.execute(table.insert(), rows)
