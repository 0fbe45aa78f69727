"""Start-up reads the register without building the mapped classes (models/__init__.py).
These tests keep the light paths honest: the table clauses match the mapped tables, the
package stays light until a mapped name is used, and the flush rules come with the classes."""

import subprocess
import sys

from sqlalchemy import Boolean, Date, Integer, String

from careplan_desktop import models
from careplan_desktop.models import register_columns


def test_every_light_clause_matches_its_mapped_table():
    mapped = models.Base.metadata.tables
    for clause in register_columns.TABLES:
        table = mapped[clause.name]
        for column in clause.c:
            assert column.name in table.c, f"{clause.name}.{column.name} is not a mapped column"
            real = type(table.c[column.name].type)
            light = type(column.type)
            # same family of type, so values convert the same way (String covers Text, Enum...)
            for family in (Boolean, Date, Integer, String):
                if issubclass(real, family):
                    assert issubclass(light, family), (clause.name, column.name, real, light)


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_register_screen_loads_without_mapping_classes_or_the_orm():
    out = _run(
        "import sys, os; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "import careplan_desktop.store, careplan_desktop.ui.application, careplan_desktop.ui.main_window;"
        "from careplan_desktop.models import LEVEL_NAMES, VersionStatus, Actor;"
        "print('careplan_desktop.models.mapped' in sys.modules, 'sqlalchemy.orm' in sys.modules)"
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
