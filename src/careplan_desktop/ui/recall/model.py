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
from PySide6.QtGui import QColor, QFont

from careplan_desktop.services.nhs_number import formatted
from careplan_desktop.services.recall import RecallCohort, RecallRow

from ..dates import uk_date

NAME, NHS_NUMBER, AGE, LEVEL, FLAGS, STATUS, APPOINTMENT, CONDITIONS, WHY = range(9)
COLUMNS = ("Name", "NHS number", "Age", "Level", "Flags", "Recall status", "Appointment", "Conditions", "Due because")
BY_CONDITION, BY_COUNT = "condition", "count"
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
FLAG_COLOUR = QColor("#8a4b00")  # dark amber: readable on white (about 6:1)
STATUS_NAMES = {"to_invite": "To invite", "invited": "Invited", "booked": "Booked", "letter_sent": "Results letter sent",
                "seen": "Seen", "did_not_attend": "Did not attend", "declined": "Declined"}
OVERDUE, SELF_CARE, DECLINED = "overdue", "self_care", "declined"
APART = {OVERDUE: "Overdue from an earlier month", SELF_CARE: "Exited to self-care: not invited",
         DECLINED: "Declined care planning: not invited"}

Index = QModelIndex | QPersistentModelIndex


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
    return text


def appointment_text(row: RecallRow) -> str:
    a = row.appointment
    if a is None or a.status == "cancelled":
        return ""
    return f"{a.starts_at:%a %d/%m %H:%M}, {a.length_minutes} min, {a.location}"


def appointment_tip(row: RecallRow) -> str | None:
    a = row.appointment
    if a is None or a.status == "cancelled":
        return None
    text = f"{a.starts_at:%A} {uk_date(a.starts_at.date())} at {a.starts_at:%H:%M}, {a.length_minutes} minutes, {a.location}"
    return text + (f", with {a.with_whom}" if a.with_whom else "")


class RecallTreeModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.cohort: RecallCohort | None = None
        self.people: list[RecallRow] = []
        self.groups: list[Group] = []
        self.grouping = BY_CONDITION
        self._position: dict[str, int] = {}

    # -- contents -----------------------------------------------------------------------------------
    def set_cohort(self, cohort: RecallCohort | None, grouping: str | None = None) -> None:
        self.beginResetModel()
        self.cohort = cohort
        self.grouping = grouping or self.grouping
        self.people, self.groups, self._position = [], [], {}
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
        position = self._position.get(uuid)
        found = []
        for number, group in enumerate(self.groups):
            if position in group.members:
                found.append(self.index(group.members.index(position), 0, self.index(number, 0)))
        return found

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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        group = self.groups[index.row()] if index.internalId() == 0 else self.groups[index.internalId() - 1]
        if not group.selectable:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(self.groups[index.row()], index.column(), role)
        group = self.groups[index.internalId() - 1]
        row = self.people[group.members[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == UUID_ROLE:
            return row.uuid
        if role == Qt.ItemDataRole.ForegroundRole:
            if not group.selectable:
                return QColor("#595959")
            if column == FLAGS:
                return FLAG_COLOUR
        if role == Qt.ItemDataRole.FontRole and column == FLAGS and row.flags:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CONDITIONS:
                return ", ".join(row.conditions)
            if column == FLAGS and row.flags:
                return "; ".join(_FLAG_TIPS.get(flag, flag) for flag in row.flags)
            if column == APPOINTMENT:
                return appointment_tip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (AGE, LEVEL):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _group_data(self, group: Group, column: int, role: int):
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            count = len(group.members)
            return f"{group.label} ({count:,} {'person' if count == 1 else 'people'})"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not group.selectable:
            return QColor("#595959")
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
