"""The staff and audit commands, run as a script would: every command signs in with
CAREPLAN_USER and CAREPLAN_PASSPHRASE (or as the first administrator when CAREPLAN_USER is unset)."""

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path

from careplan_desktop.models import AuditEvent
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.store import Vault

ADMIN_PASS = "copper kettle morning tide"
HCA_PASS = "violet lantern harbour seven"


def run(*args: str, data_dir: Path, user: str | None = None, passphrase: str = ADMIN_PASS,
        new: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPLAN_")}
    env.update(CAREPLAN_DATA_DIR=str(data_dir), CAREPLAN_PASSPHRASE=passphrase)
    if user is not None:
        env["CAREPLAN_USER"] = user
    if new is not None:
        env["CAREPLAN_NEW_PASSPHRASE"] = new
    return subprocess.run([sys.executable, "-m", "careplan_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=180, stdin=subprocess.DEVNULL)


def test_init_add_list_remove_and_sign_in_as_each(tmp_path: Path, data_dir: Path):
    v = str(tmp_path / "practice.vault")
    made = run("init", "--vault", v, data_dir=data_dir, user="Jo Kendall")
    assert made.returncode == 0, made.stderr
    assert "Jo Kendall as its first administrator" in made.stdout
    added = run("staff", "add", "--vault", v, "--name", "Pat Reid", "--role", "healthcare assistant",
                data_dir=data_dir, new=HCA_PASS)  # no CAREPLAN_USER: the first administrator
    assert added.returncode == 0, added.stderr
    listed = run("staff", "list", "--vault", v, data_dir=data_dir, user="Pat Reid", passphrase=HCA_PASS)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == ["Jo Kendall\tadministrator", "Pat Reid\thealthcare assistant"]
    refused = run("staff", "add", "--vault", v, "--name", "Someone", "--role", "GP", data_dir=data_dir,
                  user="Pat Reid", passphrase=HCA_PASS, new=ADMIN_PASS)
    assert refused.returncode == 2
    assert "needs an administrator's sign-in" in refused.stderr
    wrong = run("staff", "list", "--vault", v, data_dir=data_dir, user="Pat Reid", passphrase=ADMIN_PASS)
    assert wrong.returncode == 2 and "Wrong passphrase" in wrong.stderr
    removed = run("staff", "remove", "--vault", v, "--name", "pat reid", data_dir=data_dir, user="Jo Kendall")
    assert removed.returncode == 0, removed.stderr
    gone = run("staff", "list", "--vault", v, data_dir=data_dir, user="Pat Reid", passphrase=HCA_PASS)
    assert gone.returncode == 2 and "cannot sign in" in gone.stderr
    still = run("staff", "list", "--vault", v, data_dir=data_dir)
    assert still.stdout.splitlines() == ["Jo Kendall\tadministrator"]


def test_init_without_a_name_makes_an_administrator_called_administrator(tmp_path: Path, data_dir: Path):
    v = str(tmp_path / "practice.vault")
    assert run("init", "--vault", v, data_dir=data_dir).returncode == 0
    listed = run("staff", "list", "--vault", v, data_dir=data_dir, user="Administrator")
    assert listed.stdout.splitlines() == ["Administrator\tadministrator"]


def test_audit_prints_and_exports_a_persons_trail_and_the_export_is_audited(tmp_path: Path, data_dir: Path):
    v = tmp_path / "demo.vault"
    demo_pass = "a demo passphrase for tests"
    assert run("demo", "--vault", str(v), "--patients", "5", data_dir=data_dir, passphrase=demo_pass).returncode == 0
    shown = run("audit", "--vault", str(v), "--nhs-number", LORNA_NHS, data_dir=data_dir, passphrase=demo_pass,
                user="Andrea Clarke")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0].startswith("Lorna ")
    assert "Nora Hughes (practice nurse)\tDemo practice PC\tcreated\tperson's details" in shown.stdout
    out = tmp_path / "trail.csv"
    exported = run("audit", "--vault", str(v), "--nhs-number", LORNA_NHS, "--from", "01/01/2000", "--csv", str(out),
                   data_dir=data_dir, passphrase=demo_pass)  # the first administrator, Sam Porter
    assert exported.returncode == 0, exported.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["when", "who", "role", "computer", "action", "what"]
    assert ["Nora Hughes", "practice nurse", "Demo practice PC", "created", "person's details"] in [r[1:] for r in rows]
    vault = Vault.unlock(v, demo_pass, user="Sam Porter")
    try:
        with vault.reader() as session:
            event = session.query(AuditEvent).filter_by(action="audit trail exported").one()
            assert (event.user_role, event.details["format"]) == ("administrator", "csv")
    finally:
        vault.lock()
    refused = run("audit", "--vault", str(v), "--nhs-number", LORNA_NHS, data_dir=data_dir, passphrase=demo_pass,
                  user="Dev Mistry")
    assert refused.returncode == 2 and "needs an administrator's or a clinician's sign-in" in refused.stderr
