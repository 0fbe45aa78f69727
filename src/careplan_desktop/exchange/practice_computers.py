"""The practice's computers, carried in its key file (issue 14, section 4: a computer's public
key "is confirmed at the practice hub ... or installed with the practice key").

At the hub, `add_computers` writes into the practice key file the public key of every computer
confirmed there (and of this one), and of every computer removed there (a lost laptop), with a
check (HMAC-SHA256) made with the practice key itself. A new computer set up from that file
(`keys.install_key`) trusts those computers at once, and refuses the removed ones. A file whose
list was changed after it was made (a public key swapped for a forger's, a computer added) fails
the check and nothing in it is installed: only a holder of the practice key could make the check,
and the list can be no more trusted than the practice key itself.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan_desktop.models import record_event, utcnow
from careplan_desktop.models.exchange import Signer
from careplan_desktop.store.private_files import write_private

from .errors import ExchangeError
from .records import UUID_TEXT
from .signing import CONFIRMED, REMOVED, THIS, fingerprint

COMPUTERS = "computers"
MAX_COMPUTERS = 200
FORGED = ("The list of the practice's computers in this key file does not pass its check: it was changed after it "
          "was made at the practice. Nothing was installed. Ask the practice for a new key file, made with "
          "`careplan-desktop exchange-key --add-computers`.")


def _mac(secret: bytes, key_id: str, confirmed: list[dict], removed: list[dict]) -> str:
    body = json.dumps({"key_id": key_id, "confirmed": confirmed, "removed": removed}, sort_keys=True,
                      separators=(",", ":")).encode()
    return hmac.new(secret, b"careplan practice computers\x00" + body, hashlib.sha256).hexdigest()


def _entry(row: Signer) -> dict:
    return {"device": row.device_uuid, "name": row.name, "public_key": base64.b64encode(row.public_key).decode()}


def add_computers(vault, path: Path) -> tuple[int, int]:
    """Write this practice's confirmed and removed computers into its key file (which must hold
    the key installed here). Returns (confirmed, removed) counts."""
    from .keys import _read_document, keyring  # keys installs what this module reads

    path = Path(path)
    document = _read_document(path)
    with vault.transaction() as session:
        secret = keyring(session).get(document.get("key_id"))
        if secret is None:
            raise ExchangeError(f"{path.name} holds another practice key than the one installed here: "
                                "its list of computers can only be written at a computer that holds its key.")
        rows = list(session.scalars(select(Signer).where(Signer.status.in_([THIS, CONFIRMED, REMOVED]))
                                    .order_by(Signer.device_uuid)))
        confirmed = [_entry(r) for r in rows if r.status in (THIS, CONFIRMED)]
        removed = [_entry(r) for r in rows if r.status == REMOVED]
        if len(confirmed) + len(removed) > MAX_COMPUTERS:
            raise ExchangeError(f"A key file can carry at most {MAX_COMPUTERS} computers.")
        document[COMPUTERS] = {"confirmed": confirmed, "removed": removed,
                               "check": _mac(secret, document["key_id"], confirmed, removed)}
        record_event(session, "computers written to key file", "exchange_key",
                     details={"key_id": document["key_id"], "confirmed": len(confirmed), "removed": len(removed)})
        write_private(path, (json.dumps(document, indent=2) + "\n").encode("utf-8"), overwrite=True)
    return len(confirmed), len(removed)


def read_computers(document: dict, secret: bytes) -> tuple[list[tuple[str, str, bytes]], list[tuple[str, str, bytes]]]:
    """The (uuid, name, public key) of the confirmed and removed computers a key file carries,
    after its check; ExchangeError (FORGED) when the list fails it or is malformed."""
    listing = document.get(COMPUTERS)
    if listing is None:
        return [], []
    try:
        confirmed, removed, check = listing["confirmed"], listing["removed"], listing["check"]
        if not (isinstance(confirmed, list) and isinstance(removed, list) and isinstance(check, str)
                and len(confirmed) + len(removed) <= MAX_COMPUTERS):
            raise ValueError
        if not hmac.compare_digest(check, _mac(secret, document["key_id"], confirmed, removed)):
            raise ValueError
        out = []
        for group in (confirmed, removed):
            items = []
            for entry in group:
                device, name = entry["device"], entry["name"]
                public = base64.b64decode(entry["public_key"], validate=True)
                if not (isinstance(device, str) and UUID_TEXT.match(device) and isinstance(name, str)
                        and 0 < len(name) <= 80 and len(public) == 32):
                    raise ValueError
                items.append((device, name, public))
            out.append(items)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise ExchangeError(FORGED) from None
    return out[0], out[1]


def install_computers(session: Session, confirmed: list, removed: list, me: str | None) -> int:
    """Trust the key file's computers here (in the caller's transaction, with the key): this
    computer and computers removed here stay as they are; a computer confirmed here with another
    key is refused (nothing installed)."""
    known = {r.device_uuid: r for r in session.scalars(select(Signer))}
    installed = 0
    for status, group in ((CONFIRMED, confirmed), (REMOVED, removed)):
        for device, name, public in group:
            row = known.get(device)
            if device == me or (row is not None and row.status in (THIS, REMOVED)):
                continue
            if row is not None and row.status == CONFIRMED and row.public_key != public:
                raise ExchangeError(f"The key file gives \"{name}\" another key than the one confirmed here. "
                                    "Nothing was installed: check with the practice which is right.")
            if row is None:
                row = Signer(device_uuid=device, name=name, public_key=public, status=status)
                session.add(row)
            row.name, row.public_key, row.status, row.decided_at = name, public, status, utcnow()
            record_event(session, "computer installed with the practice key", "exchange_signer", device,
                         details={"fingerprint": fingerprint(public), "status": status})
            installed += 1
    return installed
