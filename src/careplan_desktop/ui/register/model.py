"""The register as a Qt table model: every row in memory, a filtered and sorted list of
indexes on top. Built for 50,000 people: no per-row objects beyond the service's rows, text
formatted only for the rows on screen, sorting done once per column (a rank table) so a
filtered list sorts in a few ms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from careplan_desktop.models import LEVEL_NAMES
from careplan_desktop.domain.nhs_number import formatted
from careplan_desktop.services.register.listing import RegisterRow, RegisterSearch

from ..dates import uk_date
from ..widgets import problem_colour

NAME, NHS_NUMBER, DATE_OF_BIRTH, AGE, CONDITIONS, LEVEL, NEXT_REVIEW = range(7)
COLUMNS = ("Name", "NHS number", "Date of birth", "Age", "Conditions", "Level", "Next review")
COLUMN_TIPS = (
    "Family name, given name",
    "NHS number",
    "Date of birth (dd/mm/yyyy)",
    "Age in years",
    "Long-term conditions",
    "Level of need: 1 supported self-care, 2 disease-specific care management, 3 case management",
    "When the next review is due",
)
UUID_ROLE = Qt.ItemDataRole.UserRole + 1

_SORT_KEYS: dict[int, Callable[[RegisterRow], Any]] = {
    NHS_NUMBER: lambda r: r.nhs_number,
    DATE_OF_BIRTH: lambda r: r.date_of_birth,
    AGE: lambda r: r.age,
    CONDITIONS: lambda r: r.conditions.lower(),
    LEVEL: lambda r: r.level,
    NEXT_REVIEW: lambda r: (r.next_review is None, r.next_review or dt.date.min),
}

Index = QModelIndex | QPersistentModelIndex


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)  # plain ints: enum look-ups cost in a call made per cell
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_ANSWERED_ROLES = frozenset({_DISPLAY, int(UUID_ROLE), _TOOLTIP, _ALIGNMENT, _FOREGROUND})


class RegisterModel(QAbstractTableModel):
    def __init__(self, today: Callable[[], dt.date] = dt.date.today, parent=None) -> None:
        super().__init__(parent)
        self._today = today
        self._rows: list[RegisterRow] = []
        self._cells: dict[int, tuple[str, ...]] = {}  # display strings by position in _rows
        self._preferred: dict[str, str] = {}
        self._search: RegisterSearch | None = None
        self._visible: list[int] = []
        self._filter = ""
        self._sort_column = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._ranks: dict[int, tuple[list[int], list[int]]] = {}  # column -> (order, rank)
        self._today_value = today()

    # -- loading ------------------------------------------------------------------------
    def set_rows(self, rows: list[RegisterRow], preferred: dict[str, str], *, filter_text: str | None = None) -> None:
        """New register contents, filtered by `filter_text` if given (else the current filter).
        The search index is rebuilt on demand or by `build_search`."""
        self.beginResetModel()
        if filter_text is not None:
            self._filter = filter_text
        self._rows = rows
        self._cells = {}
        self._preferred = preferred
        self._search = None
        self._ranks = {}
        self._today_value = self._today()
        self._visible = self._compute_visible()
        self.endResetModel()

    def build_search(self) -> None:
        """Build the search index now (call it once the register is on screen)."""
        if self._search is None and self._rows:
            self._search = RegisterSearch(self._rows, self._preferred)

    def clear(self) -> None:
        """Forget everyone (on lock): nothing of any person is left in the model."""
        self.beginResetModel()
        self._rows = []
        self._cells = {}
        self._preferred = {}
        self._search = None
        self._ranks = {}
        self._visible = []
        self._filter = ""
        self.endResetModel()

    # -- filtering and sorting --------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        self._filter = text
        self.beginResetModel()
        self._visible = self._compute_visible()
        self.endResetModel()

    @property
    def filter_text(self) -> str:
        return self._filter

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._visible = self._sorted(self._visible, whole=not self._filter.strip())
        self.layoutChanged.emit()

    def _compute_visible(self) -> list[int]:
        if not self._rows:
            return []
        if not self._filter.strip():
            return self._sorted(None, whole=True)
        self.build_search()
        assert self._search is not None
        return self._sorted(self._search.matches(self._filter), whole=False)

    def _sorted(self, indexes: list[int] | None, *, whole: bool) -> list[int]:
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        if self._sort_column == NAME:  # the service sorts by family then given name
            chosen = list(range(len(self._rows))) if whole or indexes is None else sorted(indexes)
        else:
            order, rank = self._rank(self._sort_column)
            chosen = list(order) if whole or indexes is None else sorted(indexes, key=rank.__getitem__)
        if descending:
            chosen.reverse()
        return chosen

    def _rank(self, column: int) -> tuple[list[int], list[int]]:
        if column not in self._ranks:
            key = _SORT_KEYS[column]
            rows = self._rows
            order = sorted(range(len(rows)), key=lambda i: key(rows[i]))
            rank = [0] * len(rows)
            for position, row_index in enumerate(order):
                rank[row_index] = position
            self._ranks[column] = (order, rank)
        return self._ranks[column]

    # -- reading ----------------------------------------------------------------------------
    @property
    def total_count(self) -> int:
        return len(self._rows)

    def row_at(self, view_row: int) -> RegisterRow:
        return self._rows[self._visible[view_row]]

    def view_row_of(self, uuid: str) -> int | None:
        for view_row, row_index in enumerate(self._visible):
            if self._rows[row_index].uuid == uuid:
                return view_row
        return None

    # -- QAbstractTableModel ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED_ROLES:  # a view asks ~10 roles per cell and repaint; most are None
            return None
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        position = self._visible[index.row()]
        column = index.column()
        if role == _DISPLAY:
            cells = self._cells.get(position)
            if cells is None:  # formatted once per person, not on every repaint
                row = self._rows[position]
                cells = self._cells[position] = tuple(self._display(row, c) for c in range(len(COLUMNS)))
            return cells[column]
        row = self._rows[position]
        if role == UUID_ROLE:
            return row.uuid
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == _ALIGNMENT and column in (AGE, LEVEL):
            return _CENTRED
        if role == _FOREGROUND and column == NEXT_REVIEW and self._overdue(row):
            return problem_colour(QGuiApplication.palette())  # (the word "overdue" is in its tooltip too)
        return None

    def _display(self, row: RegisterRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == NHS_NUMBER:
            return formatted(row.nhs_number)
        if column == DATE_OF_BIRTH:
            return uk_date(row.date_of_birth)
        if column == AGE:
            return str(row.age)
        if column == CONDITIONS:
            return row.conditions
        if column == LEVEL:
            return str(row.level)
        if column == NEXT_REVIEW:
            return uk_date(row.next_review)
        return ""

    def _tooltip(self, row: RegisterRow, column: int) -> str | None:
        if column == CONDITIONS and row.conditions:
            return row.conditions
        if column == LEVEL:
            return f"Level {row.level}: {LEVEL_NAMES.get(row.level, '')}"
        if column == NEXT_REVIEW and self._overdue(row):
            return f"Review overdue since {uk_date(row.next_review)}"
        if column == NAME:
            preferred = self._preferred.get(row.uuid)
            return f"Known as {preferred}" if preferred and preferred != row.given_name else None
        return None

    def _overdue(self, row: RegisterRow) -> bool:
        return row.next_review is not None and row.next_review < self._today_value
