"""Two vaults made from one demo vault: "Practice hub" and "Andrea's laptop" (a copy given its
own device identity), sharing the practice exchange key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careplan_desktop.exchange import keys
from careplan_desktop.services.demo.case_mix import create_demo_vault
from careplan_desktop.store import Vault
from tests.conftest import TEST_PASSPHRASE

from .helpers import introduce


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exchange-template")
    vault = create_demo_vault(folder / "hub.vault", TEST_PASSPHRASE, patients=6, seed=3)
    try:
        keys.create_and_install_key(vault, folder / "practice.key", practice="Ashby Green")
        keys.name_this_device(vault, "Practice hub")
    finally:
        vault.lock()
    return folder


class Pair:
    def __init__(self, folder: Path, template: Path) -> None:
        self.folder = folder
        self.key_file = folder / "practice.key"
        shutil.copy(template / "practice.key", self.key_file)
        shutil.copy(template / "hub.vault", folder / "hub.vault")
        shutil.copy(template / "hub.vault", folder / "laptop.vault")
        for name in ("hub", "laptop"):  # the key slots: who signs in
            shutil.copy(template / "hub.vault.keys", folder / f"{name}.vault.keys")
        self.hub = Vault.unlock(folder / "hub.vault", TEST_PASSPHRASE)
        self.laptop = Vault.unlock(folder / "laptop.vault", TEST_PASSPHRASE)
        keys.name_this_device(self.laptop, "Andrea's laptop", new_identity=True)
        introduce(self.hub, self.laptop)
        self.usb = folder / "usb"
        self.usb.mkdir()
        self.shared = folder / "shared"
        self.shared.mkdir()

    def copy_of(self, name: str, vault_name: str = "hub.vault") -> Vault:
        """Another copy of a vault file as it is now (to replay imports in another order)."""
        source = getattr(self, vault_name.removesuffix(".vault"))
        source.lock()
        shutil.copy(self.folder / vault_name, self.folder / name)
        shutil.copy(self.folder / f"{vault_name}.keys", self.folder / f"{name}.keys")
        reopened = Vault.unlock(self.folder / vault_name, TEST_PASSPHRASE)
        setattr(self, vault_name.removesuffix(".vault"), reopened)
        return Vault.unlock(self.folder / name, TEST_PASSPHRASE)

    def close(self) -> None:
        for vault in (self.hub, self.laptop):
            if vault.is_open:
                vault.lock()


@pytest.fixture
def pair(tmp_path: Path, template: Path):
    made = Pair(tmp_path, template)
    yield made
    made.close()


@pytest.fixture(scope="module")
def shared_pair(tmp_path_factory, template: Path):
    """One pair for a whole module whose tests leave the vaults as they found them."""
    made = Pair(tmp_path_factory.mktemp("pair"), template)
    yield made
    made.close()
