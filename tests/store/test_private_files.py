"""Files holding patient data are readable by their owner only (0o600), whatever the umask,
and written atomically: the helper itself, and each kind of file the app writes (a printout
from the command line, a batch of results letters, a plain FHIR file, the import's rejected
rows, an exchange key file). The printout and letters saved from the GUI are checked in
tests/ui/test_agree_and_printout_ui.py and tests/ui/test_letters_ui.py."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from careplan_desktop.app import main
from careplan_desktop.exchange import keys
from careplan_desktop.exchange.fhir import write_plan_document
from careplan_desktop.store.private_files import write_private
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.register.importing import Reject, save_rejects_csv

from tests.services.test_results_letters import demo, make, uuid_of  # noqa: F401 (demo is a fixture)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask():
    """A generous umask (group and others may read): the files must still be owner only."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_helper_writes_owner_only_atomically_and_cleans_up(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "letter.pdf"
    out.write_bytes(b"an older file, readable by anyone")
    out.chmod(0o644)
    assert write_private(out, b"%PDF-new") == out
    assert out.read_bytes() == b"%PDF-new" and mode(out) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"], "no temporary file left"

    with pytest.raises(FileExistsError):
        write_private(out, b"other", overwrite=False)
    assert out.read_bytes() == b"%PDF-new"
    (tmp_path / "a folder").mkdir()
    with pytest.raises(OSError):
        write_private(tmp_path / "a folder", b"cannot replace a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a folder", "letter.pdf"], "the temporary was removed"


def test_letters_fhir_and_rejected_rows_are_owner_only(demo, tmp_path: Path) -> None:  # noqa: F811
    letters = tmp_path / "results-letters.pdf"
    batch, _ = make(demo, [uuid_of(demo, LORNA_NHS)], letters)
    assert batch.letters and mode(letters) == 0o600

    fhir = write_plan_document(demo, LORNA_NHS, tmp_path / "lorna.json", confirmed=True)
    assert fhir.read_text(encoding="utf-8").startswith("{") and mode(fhir) == 0o600

    original = tmp_path / "register.csv"
    original.write_text("nhs_number,given_name\n9990000018,Lorna\n", encoding="utf-8")
    rejects = save_rejects_csv([Reject(2, "The NHS number is not valid.")], original, tmp_path / "rejects.csv")
    assert "Lorna" in rejects.read_text(encoding="utf-8-sig") and mode(rejects) == 0o600


def test_a_printout_from_the_command_line_and_a_key_file_are_owner_only(demo, tmp_path: Path,  # noqa: F811
                                                                         monkeypatch) -> None:
    path = demo.path
    demo.lock()
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", DEMO_PASSPHRASE)
    out = tmp_path / "printout.pdf"
    assert main(["printout", "--vault", str(path), "--nhs-number", LORNA_NHS, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and mode(out) == 0o600
    key_file = tmp_path / "practice.key"
    keys.create_key_file(key_file, passphrase="the right exchange words")
    assert mode(key_file) == 0o600
