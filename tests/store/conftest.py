"""The tests about the vault itself (key slots, migrations, opening, trouble) run with the app's
real Argon2id cost and the real migration chain for every vault they make: the session's quicker
vaults (tests/quick_vaults.py) are undone here, test by test (all but SQLCipher's memory wiping,
which once on stays on for the process: tests/store/test_quick_vaults.py checks the app's own in a
process of its own)."""

from __future__ import annotations

import pytest

from tests import quick_vaults


@pytest.fixture(autouse=True)
def real_argon2id_cost_and_migration_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_vaults.use_the_real_costs(monkeypatch)
