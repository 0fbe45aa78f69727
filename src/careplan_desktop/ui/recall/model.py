"""The month's recall as a two-level tree: groups (a condition, or a number of conditions), and
the people in each. A person with three conditions appears under each of them.

Below the groups come the people the month's rules also found but who are handled apart:
overdue from an earlier month (they can be invited), exited to self-care and declined care
planning (shown, greyed and not selectable: they are not invited).

Built for a month of a 50,000-person register (about 5,000 people, 10,000 tree rows): no
object per tree row, text formatted only for the rows on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from careplan_desktop.domain.nhs_number import formatted
from careplan_desktop.services.recall.birth_month import RecallCohort, RecallRow

from ..dates import uk_date
from ..widgets import muted_colour, warning_colour

NAME, NHS_NUMBER, AGE, LEVEL, FLAGS, STATUS, APPOINTMENT, CONDITIONS, WHY = range(9)
COLUMNS = ("Name", "NHS number", "Age", "Level", "Flags", "Recall status", "Appointment", "Conditions", "Due because")
BY_CONDITION, BY_COUNT = "condition", "count"
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_NAMES = {"to_invite": "To invite", "invited": "Invited", "booked": "Booked",
                "letter_sent": "Results letter sent",
                "seen": "Seen", "did_not_attend": "Did not attend", "declined": "Declined"}
OVERDUE, SELF_CARE, DECLINED = "overdue", "self_care", "declined"
APART = {OVERDUE: "Overdue from an earlier month", SELF_CARE: "Exited to self-care: not invited",
         DECLINED: "Declined care planning: not invited"}

Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _FOREGROUND, _FONT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
_ALIGNMENT, _TOOLTIP = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset({_DISPLAY, _FOREGROUND, _FONT, _ALIGNMENT, _TOOLTIP, UUID_ROLE})
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_ENABLED = Qt.ItemFlag.ItemIsEnabled
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    members: tuple[int, ...]  # indexes into RecallTreeModel.people
    selectable: bool = True


def status_text(row: RecallRow) -> str:
    text = STATUS_NAMES.get(row.status, row.status)
    if row.status == "invited" and row.invited_on:
        text += f" {uk_date(row.invited_on)}"
    if row.status == "did_not_attend" and row.second_invitation_on:
        text += f" (2nd invitation {uk_date(row.second_invitation_on)})"
    elif row.needs_second_invitation:
        text += ": needs a 2nd invitation"
    return text


def appointment_text(row: RecallRow) -> str:
    a = row.appointment
    if a is None or a.status == "cancelled":
        return ""
    text = f"{a.starts_at:%a %d/%m %H:%M}, {a.length_minutes} min, {a.location}"
    t = row.tests_appointment
    if t is not None and t.status != "cancelled":
        text += f" (tests {t.starts_at:%a %d/%m %H:%M})"
    return text


def appointment_tip(row: RecallRow) -> str | None:
    a = row.appointment
    if a is None or a.status == "cancelled":
        return None
    text = (f"{a.starts_at:%A} {uk_date(a.starts_at.date())} at {a.starts_at:%H:%M}, {a.length_minutes} minutes, "
            f"{a.location}")
    text += f", with {a.with_whom}" if a.with_whom else ""
    t = row.tests_appointment
    if t is not None and t.status != "cancelled":
        text += (f". Tests and checks: {t.starts_at:%A} {uk_date(t.starts_at.date())} at {t.starts_at:%H:%M}, "
                 f"{t.length_minutes} minutes, with {t.with_whom or 'the healthcare assistant'}")
    if a.needs_note:  # a line for each communication need, written when it was booked
        text += "\n" + a.needs_note
    return text


class RecallTreeModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.cohort: RecallCohort | None = None
        self.people: list[RecallRow] = []
        self.groups: list[Group] = []
        self.grouping = BY_CONDITION
        self._position: dict[str, int] = {}
        self._places: dict[int, list[tuple[int, int]]] = {}  # person -> (group, row) wherever they appear
        self._bold_font: QFont | None = None

    # -- contents -----------------------------------------------------------------------------------
    def set_cohort(self, cohort: RecallCohort | None, grouping: str | None = None) -> None:
        self.beginResetModel()
        self.cohort = cohort
        self.grouping = grouping or self.grouping
        self.people, self.groups, self._position, self._places = [], [], {}, {}
        if cohort is not None:
            self.people = [*cohort.rows, *cohort.overdue, *cohort.self_care, *cohort.declined]
            self._position = {row.uuid: i for i, row in enumerate(self.people)}
            main = cohort.by_condition if self.grouping == BY_CONDITION else cohort.by_count
            self.groups = [Group(g.key, g.label, tuple(self._position[u] for u in g.patient_uuids)) for g in main]
            for key, rows in ((OVERDUE, cohort.overdue), (SELF_CARE, cohort.self_care), (DECLINED, cohort.declined)):
                if rows:
                    self.groups.append(Group(key, APART[key], tuple(self._position[r.uuid] for r in rows),
                                             selectable=key == OVERDUE))
        self.endResetModel()

    def clear(self) -> None:
        self.set_cohort(None)

    def person_at(self, index: Index) -> RecallRow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.people[self.groups[index.internalId() - 1].members[index.row()]]

    def group_at(self, index: Index) -> Group | None:
        return self.groups[index.row()] if index.isValid() and index.internalId() == 0 else None

    def row_of(self, uuid: str) -> RecallRow | None:
        position = self._position.get(uuid)
        return None if position is None else self.people[position]

    def group_index(self, key: str) -> QModelIndex:
        for number, group in enumerate(self.groups):
            if group.key == key:
                return self.index(number, 0)
        return QModelIndex()

    def indexes_of(self, uuid: str) -> list[QModelIndex]:
        """Every place the person appears (once per condition)."""
        if not self._places and self.groups:  # built on first use: most reloads never need it
            for number, group in enumerate(self.groups):
                for child, position in enumerate(group.members):
                    self._places.setdefault(position, []).append((number, child))
        places = self._places.get(self._position.get(uuid, -1), [])
        return [self.index(child, 0, self.index(number, 0)) for number, child in places]

    def row_count_all(self) -> int:
        """Headings and people: the rows the tree has when every group is open."""
        return len(self.groups) + sum(len(g.members) for g in self.groups)

    # -- QAbstractItemModel ------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != 0 or row >= len(self.groups[parent.row()].members):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()].members)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == _DISPLAY and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    # flags() and data() run for every visible cell and every role: plain comparisons, nothing built
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        parent = index.internalId()
        group = self.groups[index.row() if parent == 0 else parent - 1]
        return _SELECTABLE if group.selectable else _ENABLED

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        parent = index.internalId()
        if parent == 0:
            return self._group_data(self.groups[index.row()], index.column(), role)
        group = self.groups[parent - 1]
        row = self.people[group.members[index.row()]]
        column = index.column()
        if role == _DISPLAY:
            return self._display(row, column)
        if role == UUID_ROLE:
            return row.uuid
        if role == _FOREGROUND:
            if not group.selectable:
                return muted_colour(QGuiApplication.palette())  # set apart: visibly not for inviting
            return warning_colour(QGuiApplication.palette()) if column == FLAGS else None
        if role == _FONT:
            return self._bold() if column == FLAGS and row.flags else None
        if role == _ALIGNMENT:
            return _CENTRE if column in (AGE, LEVEL) else None
        if column == CONDITIONS:  # the tooltip
            return ", ".join(row.conditions)
        if column == FLAGS and row.flags:
            return "; ".join(_FLAG_TIPS.get(flag, flag) for flag in row.flags)
        if column == APPOINTMENT:
            return appointment_tip(row)
        return None

    def _bold(self) -> QFont:
        if self._bold_font is None:
            self._bold_font = QFont()
            self._bold_font.setBold(True)
        return self._bold_font

    def _group_data(self, group: Group, column: int, role: int):
        if column != 0:
            return None
        if role == _DISPLAY:
            count = len(group.members)
            return f"{group.label} ({count:,} {'person' if count == 1 else 'people'})"
        if role == _FONT:
            return self._bold()
        if role == _FOREGROUND and not group.selectable:
            return muted_colour(QGuiApplication.palette())
        return None

    @staticmethod
    def _display(row: RecallRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == NHS_NUMBER:
            return formatted(row.nhs_number)
        if column == AGE:
            return str(row.age)
        if column == LEVEL:
            return str(row.level)
        if column == FLAGS:
            return " · ".join(_FLAG_NAMES.get(flag, flag) for flag in row.flags)
        if column == STATUS:
            return status_text(row)
        if column == APPOINTMENT:
            return appointment_text(row)
        if column == CONDITIONS:
            return ", ".join(row.conditions)
        if column == WHY:
            return row.due_because
        return ""


_FLAG_NAMES = {"home visit": "Home visit", "GP-led": "GP-led"}
_FLAG_TIPS = {"home visit": "Housebound: the review is a home visit",
              "GP-led": "Dementia or serious mental illness: the review is led by a GP"}
