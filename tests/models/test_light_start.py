"""Start-up reads the register without building the mapped classes (models/__init__.py).
These tests keep the light paths honest: the table clauses match the mapped tables, the
package stays light until a mapped name is used, and the flush rules come with the classes."""

import subprocess
import sys

from careplan_desktop import models
from careplan_desktop.models import register_columns


def test_every_column_read_before_the_first_paint_is_a_mapped_column():
    mapped = models.Base.metadata.tables
    for table, columns in register_columns.COLUMNS.items():
        assert table in mapped, table
        for name in columns:
            assert name in mapped[table].c, f"{table}.{name} is not a mapped column"


def test_the_plain_sql_reads_the_same_as_the_orm(vault):
    """Dates come back as dates and booleans as 0/1 the same way SQLAlchemy stores them."""
    import datetime as dt

    from careplan_desktop.services.register.person import PersonForm, save_person
    from careplan_desktop.services.register.listing import load_register

    form = PersonForm(nhs_number="999 000 0018", given_name="Lorna", family_name="Test",
                      date_of_birth=dt.date(1948, 3, 9))
    assert save_person(vault, form, today=dt.date(2026, 11, 22)).status == "saved"
    rows, _ = load_register(vault, today=dt.date(2026, 11, 22))
    assert [(r.given_name, r.date_of_birth, r.age) for r in rows] == [("Lorna", dt.date(1948, 3, 9), 78)]
    with vault.plain_connection() as conn:
        device = conn.execute(register_columns.THIS_DEVICE).fetchone()
        user = conn.execute(register_columns.USER, (None, None)).fetchone()
    assert (device[0], user[0]) == (vault.actor.device_uuid, vault.actor.user_uuid)


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_register_screen_loads_without_sqlalchemy_or_mapped_classes():
    out = _run(
        "import sys, os; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "import careplan_desktop.store, careplan_desktop.ui.application, careplan_desktop.ui.main_window;"
        "from careplan_desktop.models import LEVEL_NAMES, VersionStatus, Actor;"
        "print('careplan_desktop.models.mapped' in sys.modules, 'sqlalchemy' in sys.modules)"
    )
    assert out == "False False"


def test_a_mapped_name_brings_every_class_and_the_flush_rules():
    out = _run(
        "import sys; from careplan_desktop.models import Patient;"
        "from sqlalchemy import event; from sqlalchemy.orm import Session;"
        "from careplan_desktop.models import rules;"
        "print('careplan_desktop.models.plan_parts' in sys.modules, 'careplan_desktop.models.exchange' in sys.modules,"
        " event.contains(Session, 'before_flush', rules._before_flush))"
    )
    assert out == "True True True"
