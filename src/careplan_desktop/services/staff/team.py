"""The practice's staff: who can sign in, with which role (one transaction each, audited).

Adding someone writes their `User` row (which travels in plan bundles, so names in the audit
trail resolve on every computer) and a key slot for their first passphrase (which stays on this
computer: `store.key_slots`). Removing someone deletes their slot first (from that moment they
cannot sign in) and marks them inactive; their name stays in the audit trail. Only an
administrator adds or removes staff; the last administrator cannot be removed, nor can you
remove yourself. Anyone signed in can change their own passphrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from careplan_desktop.models import User, record_event
from careplan_desktop.store import Vault, check_new_passphrase
from careplan_desktop.store import key_slots

from .roles import ADMINISTRATOR, check_role, require


class StaffError(ValueError):
    """A staff change that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class StaffMember:
    uuid: str
    name: str
    role: str
    active: bool
    can_sign_in: bool  # has a key slot on this computer


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def staff_list(vault: Vault, *, include_removed: bool = False) -> list[StaffMember]:
    slots = key_slots.read_slots(vault.path) or key_slots.KeySlots()
    with_slot = {slot.user_uuid for slot in slots.slots}
    with vault.reader() as session:
        query = select(User).order_by(User.name)
        if not include_removed:
            query = query.where(User.active.is_(True))
        return [StaffMember(u.uuid, u.name, u.role, u.active, u.uuid in with_slot) for u in session.scalars(query)]


def find_member(vault: Vault, name: str) -> StaffMember:
    for member in staff_list(vault):
        if _same(member.name, name) or member.uuid == name:
            return member
    raise StaffError(f"No member of staff is called {name!r}. 'staff list' shows who is.")


def _write_slot(vault: Vault, uuid: str, name: str, role: str, passphrase: str) -> None:
    if vault._key is None:
        raise StaffError("The vault is locked. Sign in, then try again.")
    slots = key_slots.read_slots(vault.path) or key_slots.KeySlots()
    slot = key_slots.make_slot(uuid, name, role, passphrase, vault._key, vault._salt)
    key_slots.write_slots(vault.path, slots.with_slot(slot))


def add_staff(vault: Vault, name: str, role: str, passphrase: str, repeated: str) -> StaffMember:
    """A new member of staff with their first passphrase (they can change it once signed in).
    An administrator's sign-in only."""
    require(vault, "manage staff")
    return enrol(vault, name, role, passphrase, repeated)


def enrol(vault: Vault, name: str, role: str, passphrase: str, repeated: str) -> StaffMember:
    """`add_staff` without the role check: for setting up a vault (the demo's team)."""
    name = " ".join(name.split())
    if not name:
        raise StaffError("Type the member of staff's name.")
    try:
        role = check_role(role)
    except ValueError as error:
        raise StaffError(str(error)) from None
    if any(_same(m.name, name) for m in staff_list(vault)):
        raise StaffError(f"There is already a member of staff called {name}. Use a name that tells them apart.")
    check_new_passphrase(passphrase, repeated, personal=(name,))
    with vault.transaction() as session:
        user = User(name=name, role=role, changed_by_device=vault.actor.device_uuid)
        session.add(user)
        session.flush()
        record_event(session, "staff added", "user", user.uuid, details={"role": role})
        uuid = user.uuid
    _write_slot(vault, uuid, name, role, passphrase)
    return StaffMember(uuid, name, role, True, True)


def remove_staff(vault: Vault, name_or_uuid: str) -> StaffMember:
    """They can no longer sign in (slot deleted first), and are marked inactive."""
    require(vault, "manage staff")
    member = find_member(vault, name_or_uuid)
    if member.uuid == vault.actor.user_uuid:
        raise StaffError("You cannot remove yourself. Ask another administrator.")
    admins = [m for m in staff_list(vault) if m.role == ADMINISTRATOR]
    if member.role == ADMINISTRATOR and len(admins) <= 1:
        raise StaffError("This is the last administrator: add another administrator first.")
    slots = key_slots.read_slots(vault.path)
    if slots is not None:
        key_slots.write_slots(vault.path, slots.without(member.uuid))
    with vault.transaction() as session:
        user = session.scalars(select(User).where(User.uuid == member.uuid)).one()
        user.active = False
        user.changed_by_device = vault.actor.device_uuid
        record_event(session, "staff removed", "user", user.uuid, details={"role": user.role})
    return StaffMember(member.uuid, member.name, member.role, False, False)


def change_my_passphrase(vault: Vault, current: str, new: str, repeated: str) -> None:
    """Whoever is signed in: the current passphrase proves it is them; their slot is replaced."""
    slots = key_slots.read_slots(vault.path)
    uuid = vault.actor.user_uuid
    if slots is None or uuid is None:
        raise StaffError("You are not signed in with a passphrase of your own on this computer.")
    slots.for_user(uuid).open(current, vault._salt)  # WrongPassphraseError if not theirs
    check_new_passphrase(new, repeated, personal=(vault.user_name,))
    _write_slot(vault, uuid, vault.user_name, vault.user_role, new)
    with vault.transaction() as session:
        record_event(session, "passphrase changed", "user", uuid)


def set_first_passphrase(vault: Vault, name_or_uuid: str, passphrase: str, repeated: str) -> None:
    """An administrator gives a member of staff a new first passphrase (forgotten, or a vault
    upgraded from one passphrase, where only the administrator has a slot)."""
    require(vault, "manage staff")
    member = find_member(vault, name_or_uuid)
    check_new_passphrase(passphrase, repeated, personal=(member.name,))
    _write_slot(vault, member.uuid, member.name, member.role, passphrase)
    with vault.transaction() as session:
        record_event(session, "passphrase set", "user", member.uuid)
