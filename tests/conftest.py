"""Shared fixtures. Qt runs offscreen for the whole suite (set here, once, before any import)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

TEST_PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="session", autouse=True)
def quicker_vaults(tmp_path_factory: pytest.TempPathFactory):
    """For this test process only: key slots made with a cheaper Argon2id cost, and a new empty
    vault given the schema the real migration chain made once this run (tests/quick_vaults.py
    says what changes and what does not; tests/store/ keeps the app's real cost and chain)."""
    from tests import quick_vaults

    with pytest.MonkeyPatch.context() as patch:
        quick_vaults.install(patch, tmp_path_factory.mktemp("migrated-template"))
        yield


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder: settings, logs and overrides never leak between tests."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("CAREPLAN_DATA_DIR", str(folder))
    monkeypatch.delenv("CAREPLAN_VAULT", raising=False)
    monkeypatch.delenv("CAREPLAN_PASSPHRASE", raising=False)
    return folder


@pytest.fixture(scope="session")
def demo_vaults(tmp_path_factory: pytest.TempPathFactory, quicker_vaults):
    """Demo vaults made once per run and copied per test (tests/demo_copies.py):
    `demo_vaults.open(path, patients=5, today=TODAY)` in place of `create_demo_vault(...)`."""
    from tests.demo_copies import DemoVaults

    return DemoVaults(tmp_path_factory.mktemp("demo-vaults"))


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault" / "test.vault"


def _fresh_vault(vault_path: Path, name: str, role: str):
    from careplan_desktop.store import Vault

    opened = Vault.create(vault_path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name=name, user_role=role,
                          device_name="Test PC")
    yield opened
    opened.lock()


@pytest.fixture
def vault(vault_path: Path):
    """A fresh, empty, unlocked vault, signed in as a practice nurse."""
    yield from _fresh_vault(vault_path, "Nora Nurse", "practice nurse")


@pytest.fixture
def administrator_vault(vault_path: Path):
    """A fresh, empty, unlocked vault signed in as an administrator (the practice's settings,
    backups and staff are theirs), as creating a vault in the app makes."""
    yield from _fresh_vault(vault_path, "Sam Admin", "administrator")
