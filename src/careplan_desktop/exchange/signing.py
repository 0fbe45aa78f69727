"""Bundles that prove where they came from (issue 14, section 4).

Each computer has its own Ed25519 signing key, made when it is named (or at its first export).
The private key stays inside this computer's encrypted vault (`Signer`, status "this") and never
travels. Every bundle carries `signature.json`: the computer's uuid, name and public key, and its
signature of the bundle's manifest bytes (the manifest holds the hash of every other entry, so
the signature covers everything in the bundle).

At import, a bundle is refused when it is unsigned, when the signature does not match, when it
names another computer than the one that signed it, when its signer was removed (a lost laptop),
or when its signer is not yet confirmed here: then the computer waits, with its name and a short
fingerprint for the nurse to compare with the one shown on that computer, until it is confirmed
(`confirm_computer`); its bundles are then read again.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from careplan_desktop.models import record_event, utcnow
from careplan_desktop.models.exchange import Signer

from .errors import BundleRefused, ExchangeError

SIGNATURE_ENTRY = "signature.json"
THIS, CONFIRMED, WAITING, REMOVED = "this", "confirmed", "waiting", "removed"
RAW = serialization.Encoding.Raw


@dataclass(frozen=True)
class Computer:
    """A computer as the Exchange screen shows it."""

    device_uuid: str
    name: str
    fingerprint: str
    status: str


class UnconfirmedComputer(BundleRefused):
    def __init__(self, device_uuid: str, name: str, public_key: bytes) -> None:
        self.device_uuid, self.name, self.public_key = device_uuid, name, public_key
        super().__init__(
            f"This bundle comes from a computer not yet confirmed here: \"{name}\" (fingerprint "
            f"{fingerprint(public_key)}). In the Exchange area, compare the fingerprint with the one shown on that "
            "computer and confirm it; its bundles are then imported.")


def fingerprint(public_key: bytes) -> str:
    """A short fingerprint to compare by eye: 16 hex digits in four groups."""
    digest = hashlib.sha256(b"careplan signer\x00" + public_key).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def _public_of(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)


def ensure_own_key(session: Session, device_uuid: str, name: str) -> Signer:
    """This computer's signing key (made now if it has none); other private keys (left by a
    copied vault) are forgotten."""
    row = session.get(Signer, device_uuid)
    if row is None or row.private_key is None:
        private = Ed25519PrivateKey.generate()
        raw = private.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        if row is not None:
            session.delete(row)
            session.flush()
        row = Signer(device_uuid=device_uuid, name=name, public_key=_public_of(private), private_key=raw, status=THIS,
                     decided_at=utcnow())
        session.add(row)
        session.flush()
        record_event(session, "signing key made", "exchange_signer", device_uuid,
                     details={"fingerprint": fingerprint(row.public_key)})
    row.name = name
    for other in session.scalars(select(Signer).where(Signer.device_uuid != device_uuid, Signer.private_key.is_not(None))):
        other.private_key, other.status = None, CONFIRMED  # a copied vault's former identity: trusted, not ours
    return row


def signature_entry(signer: Signer, manifest_bytes: bytes) -> bytes:
    private = Ed25519PrivateKey.from_private_bytes(signer.private_key)
    return json.dumps({"device": signer.device_uuid, "name": signer.name,
                       "public_key": base64.b64encode(signer.public_key).decode(),
                       "signature": base64.b64encode(private.sign(manifest_bytes)).decode()}).encode()


def known_signers(session: Session) -> dict[str, tuple[str, bytes, str]]:
    """device uuid -> (status, public key, name)."""
    return {r.device_uuid: (r.status, r.public_key, r.name) for r in session.scalars(select(Signer))}


def check_signature(entries: dict[str, bytes], manifest: dict, signers: dict[str, tuple[str, bytes, str]]) -> str:
    """Check the bundle's signature against the computers known here; returns the signer's uuid."""
    raw = entries.get(SIGNATURE_ENTRY)
    if raw is None:
        raise BundleRefused("This bundle is not signed, so where it came from cannot be checked. Ask for it to be "
                            "exported again from an up-to-date CarePlan Desktop.")
    try:
        document = json.loads(raw.decode("utf-8"))
        device, name = document["device"], document["name"]
        public = base64.b64decode(document["public_key"], validate=True)
        signature = base64.b64decode(document["signature"], validate=True)
        if not (isinstance(device, str) and isinstance(name, str) and len(device) <= 36 and len(name) <= 80
                and len(public) == 32 and len(signature) == 64):
            raise ValueError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error, RecursionError):
        raise BundleRefused("This bundle's signature is damaged, so where it came from cannot be checked.") from None
    if device != manifest["source_device"]["uuid"]:
        raise BundleRefused("This bundle names another computer than the one that signed it. It may have been forged.")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, entries["manifest.json"])
    except (InvalidSignature, ValueError):
        raise BundleRefused("This bundle's signature does not match its contents: it was changed or forged.") from None
    status, known_public, known_name = signers.get(device, (None, None, name))
    if status == REMOVED:
        raise BundleRefused(f"This bundle comes from \"{known_name}\", which was removed from this practice's "
                            "computers (for example a lost laptop). Its bundles are not imported.")
    if status in (CONFIRMED, THIS) and known_public != public:
        raise BundleRefused(f"This bundle claims to come from \"{known_name}\" but is signed with another key than "
                            "the one confirmed for it. It may have been forged.")
    if status not in (CONFIRMED, THIS):
        raise UnconfirmedComputer(device, name, public)
    return device


# -- the computers of the practice ---------------------------------------------------------------
def computers(vault) -> list[Computer]:
    with vault.reader() as session:
        return [Computer(r.device_uuid, r.name, fingerprint(r.public_key), r.status)
                for r in session.scalars(select(Signer).order_by(Signer.status, Signer.name))]


def own_computer(vault) -> Computer:
    with vault.transaction() as session:
        row = ensure_own_key(session, vault.actor.device_uuid, vault.device_name or "This computer")
        return Computer(row.device_uuid, row.name, fingerprint(row.public_key), row.status)


def note_waiting(vault, refused: UnconfirmedComputer) -> None:
    """A bundle from a computer not yet confirmed: it waits to be confirmed, with its key."""
    with vault.transaction() as session:
        if session.get(Signer, refused.device_uuid) is None:
            session.add(Signer(device_uuid=refused.device_uuid, name=refused.name, public_key=refused.public_key,
                               status=WAITING))


def trust_computer(vault, device_uuid: str, name: str, public_key: bytes) -> None:
    """Install another computer's public key as confirmed (with the practice key, or by hand)."""
    with vault.transaction() as session:
        session.execute(delete(Signer).where(Signer.device_uuid == device_uuid, Signer.private_key.is_(None)))
        session.add(Signer(device_uuid=device_uuid, name=name, public_key=public_key, status=CONFIRMED,
                           decided_at=utcnow()))
        record_event(session, "computer confirmed", "exchange_signer", device_uuid,
                     details={"fingerprint": fingerprint(public_key)})


def _decide(vault, device_uuid: str, status: str, action: str) -> None:
    with vault.transaction() as session:
        row = session.get(Signer, device_uuid)
        if row is None or row.status == THIS:
            raise ExchangeError("Choose another computer in the list first (not this one).")
        row.status, row.decided_at = status, utcnow()
        record_event(session, action, "exchange_signer", device_uuid, details={"fingerprint": fingerprint(row.public_key)})


def confirm_computer(vault, device_uuid: str) -> None:
    """The nurse compared the fingerprint: this computer's bundles are imported from now on."""
    _decide(vault, device_uuid, CONFIRMED, "computer confirmed")


def remove_computer(vault, device_uuid: str) -> None:
    """A lost or retired computer: its later bundles are refused."""
    _decide(vault, device_uuid, REMOVED, "computer removed")


def own_key(vault) -> tuple[str, str, bytes]:
    """This computer's uuid, name and public key (to install on another computer as confirmed)."""
    with vault.transaction() as session:
        row = ensure_own_key(session, vault.actor.device_uuid, vault.device_name or "This computer")
        return row.device_uuid, row.name, row.public_key
