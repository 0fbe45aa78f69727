"""Key slots: each member of staff's passphrase opens a wrapped copy of the vault's random key;
adding or removing someone needs nobody else's passphrase; a removed person cannot sign in;
a vault made by 0.1.0 (one passphrase) is upgraded on first unlock, its passphrase becoming the
first administrator's."""

import json
import shutil
import stat
from pathlib import Path

import pytest

from careplan_desktop.services.staff.team import add_staff, remove_staff
from careplan_desktop.store import Vault, WrongPassphraseError
from careplan_desktop.store.key_slots import NotOnStaffList, read_slots, slots_path
from careplan_desktop.store.passphrase import derive_key
from careplan_desktop.store.vault import read_salt
from tests.store.test_migrations import RELEASED_0_1_0, RELEASED_0_1_0_PASSPHRASE

ADMIN_PASSPHRASE = "copper kettle morning tide"
HCA_PASSPHRASE = "violet lantern harbour seven"
NURSE_PASSPHRASE = "orchard pebble quiet meadow"


def _practice(path: Path) -> Vault:
    vault = Vault.create(path, ADMIN_PASSPHRASE, ADMIN_PASSPHRASE, user_name="Sam Porter", user_role="administrator")
    add_staff(vault, "Dev Mistry", "healthcare assistant", HCA_PASSPHRASE, HCA_PASSPHRASE)
    add_staff(vault, "Nora Hughes", "practice nurse", NURSE_PASSPHRASE, NURSE_PASSPHRASE)
    return vault


def test_the_slot_file_is_owner_only_names_staff_only_and_holds_argon2id_parameters(vault_path: Path):
    _practice(vault_path).lock()
    path = slots_path(vault_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert [(s["name"], s["role"]) for s in data["slots"]] == [
        ("Sam Porter", "administrator"), ("Dev Mistry", "healthcare assistant"), ("Nora Hughes", "practice nurse")]
    kdf = data["slots"][0]["kdf"]
    assert kdf["algorithm"] == "argon2id" and kdf["memory_kib"] >= 19_456 and kdf["iterations"] >= 1
    assert len({s["kdf"]["salt"] for s in data["slots"]}) == 3  # a salt per slot
    for secret in (ADMIN_PASSPHRASE, HCA_PASSPHRASE, NURSE_PASSPHRASE):
        assert secret not in path.read_text()


def test_each_signs_in_with_their_own_passphrase_only(vault_path: Path):
    _practice(vault_path).lock()
    for name, passphrase, role in (("Sam Porter", ADMIN_PASSPHRASE, "administrator"),
                                   ("dev mistry", HCA_PASSPHRASE, "healthcare assistant"),
                                   ("Nora Hughes", NURSE_PASSPHRASE, "practice nurse")):
        vault = Vault.unlock(vault_path, passphrase, user=name)
        assert (vault.user_name.casefold(), vault.user_role) == (name.casefold(), role)
        vault.lock()
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(vault_path, ADMIN_PASSPHRASE, user="Nora Hughes")
    with pytest.raises(NotOnStaffList):
        Vault.unlock(vault_path, ADMIN_PASSPHRASE, user="Someone Else")
    first = Vault.unlock(vault_path, ADMIN_PASSPHRASE)  # no name: the first administrator
    assert first.user_name == "Sam Porter"
    first.lock()


def test_the_key_is_random_not_derived_from_any_passphrase(vault_path: Path):
    vault = _practice(vault_path)
    salt = read_salt(vault_path)
    assert vault._key not in {derive_key(p, salt) for p in (ADMIN_PASSPHRASE, HCA_PASSPHRASE, NURSE_PASSPHRASE)}
    vault.lock()


def test_a_removed_member_cannot_sign_in_at_once_and_the_others_still_can(vault_path: Path):
    admin = _practice(vault_path)
    remove_staff(admin, "Dev Mistry")  # needed nobody's passphrase but the administrator's sign-in
    with pytest.raises(NotOnStaffList):
        Vault.unlock(vault_path, HCA_PASSPHRASE, user="Dev Mistry")
    admin.lock()
    Vault.unlock(vault_path, NURSE_PASSPHRASE, user="Nora Hughes").lock()
    Vault.unlock(vault_path, ADMIN_PASSPHRASE, user="Sam Porter").lock()


def test_a_removed_member_with_a_slot_put_back_from_an_old_copy_is_still_refused(vault_path: Path):
    admin = _practice(vault_path)
    old_slots = slots_path(vault_path).read_bytes()
    remove_staff(admin, "Dev Mistry")
    admin.lock()
    slots_path(vault_path).write_bytes(old_slots)  # the .keys file from before the removal
    with pytest.raises(NotOnStaffList):
        Vault.unlock(vault_path, HCA_PASSPHRASE, user="Dev Mistry")


def test_a_0_1_0_vault_is_upgraded_and_its_old_passphrase_signs_in_as_administrator(tmp_path: Path):
    path = tmp_path / "practice.vault"
    shutil.copy(RELEASED_0_1_0, path)
    assert read_slots(path) is None
    vault = Vault.unlock(path, RELEASED_0_1_0_PASSPHRASE)
    assert vault.user_role == "administrator"
    assert vault.count(__import__("careplan_desktop.models", fromlist=["Patient"]).Patient) == 23
    vault.lock()
    slots = read_slots(path)
    assert [s.role for s in slots.slots] == ["administrator"]
    assert stat.S_IMODE(slots_path(path).stat().st_mode) == 0o600
    again = Vault.unlock(path, RELEASED_0_1_0_PASSPHRASE, user=slots.slots[0].name)  # by name, from now on
    assert again.user_role == "administrator"
    add_staff(again, "Dev Mistry", "healthcare assistant", HCA_PASSPHRASE, HCA_PASSPHRASE)  # an administrator's right
    again.lock()
    Vault.unlock(path, HCA_PASSPHRASE, user="Dev Mistry").lock()
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(path, "not the old passphrase at all")


def test_after_the_upgrade_the_administrator_gives_the_old_nurse_a_passphrase_and_she_signs_in_as_herself(
        tmp_path: Path):
    from careplan_desktop.services.staff.team import set_first_passphrase, staff_list

    path = tmp_path / "practice.vault"
    shutil.copy(RELEASED_0_1_0, path)
    admin = Vault.unlock(path, RELEASED_0_1_0_PASSPHRASE)
    assert {(m.name, m.role, m.can_sign_in) for m in staff_list(admin)} == {
        ("Administrator", "administrator", True), ("Nora Hughes", "practice nurse", False)}
    set_first_passphrase(admin, "Nora Hughes", NURSE_PASSPHRASE, NURSE_PASSPHRASE)
    admin.lock()
    nora = Vault.unlock(path, NURSE_PASSPHRASE, user="Nora Hughes")
    assert (nora.user_name, nora.user_role) == ("Nora Hughes", "practice nurse")  # her old records are hers
    nora.lock()


def test_a_lost_slot_file_is_named_in_the_refusal_and_nothing_is_changed(vault_path: Path):
    from careplan_desktop.store.key_slots import KeySlotsMissing

    _practice(vault_path).lock()
    kept = slots_path(vault_path).read_bytes()
    slots_path(vault_path).unlink()
    before = vault_path.read_bytes()
    with pytest.raises(KeySlotsMissing, match=r"\.keys file beside the vault\) is missing"):
        Vault.unlock(vault_path, ADMIN_PASSPHRASE)
    assert vault_path.read_bytes() == before and not slots_path(vault_path).exists()
    slots_path(vault_path).write_bytes(kept)  # restored from the backup: everyone signs in again
    Vault.unlock(vault_path, NURSE_PASSPHRASE, user="Nora Hughes").lock()


def test_a_damaged_slot_file_is_refused_saying_so(vault_path: Path):
    from careplan_desktop.store.key_slots import KeySlotsDamaged

    _practice(vault_path).lock()
    slots_path(vault_path).write_text("{not json")
    with pytest.raises(KeySlotsDamaged, match="damaged"):
        Vault.unlock(vault_path, ADMIN_PASSPHRASE)
