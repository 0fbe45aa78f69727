"""What a window must be for a nurse with large text, the keyboard alone or a screen reader:
each check returns the problems it found, in words (an empty list when there are none).

Used by every_window_child.py over every entry of ui/every_window.WINDOWS."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollBar,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
    QWizard,
)

SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 768


def describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__}({widget.objectName() or '-'}{', ' + repr(text) if text else ''})"


def shown_in(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window


def size_problems(window: QWidget) -> list[str]:
    problems = []
    frame = window.frameGeometry()
    if frame.width() > SCREEN_WIDTH or frame.height() > SCREEN_HEIGHT:
        problems.append(f"is {frame.width()}x{frame.height()}, more than {SCREEN_WIDTH}x{SCREEN_HEIGHT}")
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if window.layout() is not None and window.layout().sizeConstraint() != window.layout().SizeConstraint.SetNoConstraint:
        least = least.expandedTo(window.layout().minimumSize())
    if least.width() > SCREEN_WIDTH or least.height() > SCREEN_HEIGHT:
        problems.append(f"cannot be smaller than {least.width()}x{least.height()}")
    return problems


def _answer_buttons(window: QWidget) -> list[QAbstractButton]:
    """The buttons that end a dialog: its default button and every button of its button box."""
    buttons: list[QAbstractButton] = []
    if isinstance(window, QWizard):
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton,
                      QWizard.WizardButton.CancelButton, QWizard.WizardButton.BackButton):
            button = window.button(which)
            if button is not None and shown_in(button, window):
                buttons.append(button)
        return buttons
    for box in window.findChildren(QDialogButtonBox):
        if shown_in(box, window):
            buttons.extend(b for b in box.buttons() if shown_in(b, window))
    for button in window.findChildren(QPushButton):
        if button.isDefault() and shown_in(button, window) and button not in buttons:
            buttons.append(button)
    return buttons


def button_problems(window: QWidget) -> list[str]:
    """Each answer button is on the window, whole, without scrolling."""
    problems = []
    inside = window.rect()
    for button in _answer_buttons(window):
        where = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
        seen = button.visibleRegion().boundingRect()
        if not inside.contains(where) or seen.width() < button.width() or seen.height() < button.height():
            problems.append(f"{describe(button)} is not wholly in view (at {where.x()},{where.y()} "
                            f"{where.width()}x{where.height()} in a {inside.width()}x{inside.height()} window)")
    if isinstance(window, QDialog) and not isinstance(window, QWizard) and not _answer_buttons(window):
        problems.append("has no default or answer button")
    return problems


def _accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Name) if interface is not None else "").strip()


def name_problems(window: QWidget) -> list[str]:
    """Every control a person can reach with Tab, and every button, has a name a screen reader
    speaks; every table has its headers."""
    problems = []
    for widget in window.findChildren(QWidget):
        if not shown_in(widget, window) or isinstance(widget, QScrollBar):
            continue
        if widget.focusProxy() is not None:  # a spin box's or combo box's own text box: the box is the control
            continue
        reachable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()
        if (reachable or isinstance(widget, QAbstractButton)) and not _accessible_name(widget):
            if isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QAbstractItemView):
                continue  # a scroll area is a frame around named controls, not a control
            problems.append(f"{describe(widget)} has no accessible name")
        if isinstance(widget, QTableView) or (isinstance(widget, QTreeView) and widget.model() is not None
                                              and _columns(widget.model()) > 1):
            problems.extend(f"{describe(widget)}: {p}" for p in _header_problems(widget))
    return problems


def _columns(model) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model (its columnCount is not Python's to call): one column
        return 1


def _header_problems(view: QTableView | QTreeView) -> list[str]:
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    model = view.model()
    if model is None:
        return []
    if header.isHidden():
        return ["its column headers are hidden"]
    return [f"column {column} has no heading" for column in range(_columns(model))
            if not header.isSectionHidden(column)
            and not str(model.headerData(column, Qt.Orientation.Horizontal) or "").strip()]


_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text or "")
    return found.group(1).lower() if found else None


def mnemonic_problems(window: QWidget) -> list[str]:
    """Alt+letter goes to one place: no letter twice among what is on screen at once."""
    letters: Counter[str] = Counter()
    where: dict[str, list[str]] = {}

    def note(text: str, owner: str) -> None:
        letter = _mnemonic(text)
        if letter:
            letters[letter] += 1
            where.setdefault(letter, []).append(owner)

    for widget in window.findChildren(QWidget):
        if not shown_in(widget, window) or not widget.isEnabled():
            continue
        if isinstance(widget, QAbstractButton):
            note(widget.text(), describe(widget))
        elif isinstance(widget, QLabel) and widget.buddy() is not None and shown_in(widget.buddy(), window):
            note(widget.text(), describe(widget))
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            note(widget.title(), describe(widget))
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                if widget.isTabEnabled(index) and widget.isTabVisible(index):
                    note(widget.tabText(index), f"tab {widget.tabText(index)!r}")
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            note(action.text(), f"menu {action.text()!r}")
    return [f"Alt+{letter.upper()} is used {count} times: {', '.join(where[letter])}"
            for letter, count in sorted(letters.items()) if count > 1]



_COLOUR = r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b"
_TEXT_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*(" + _COLOUR + ")")
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*(" + _COLOUR + ")")


def _ratio(first, second) -> float:
    from careplan_desktop.domain.contrast import contrast_ratio

    return contrast_ratio(first.name() if hasattr(first, "name") else first,
                          second.name() if hasattr(second, "name") else second)


def colour_problems(window: QWidget) -> list[str]:
    """Every colour the app set itself, on what is on screen: text in a palette or a style
    sheet of its own against its background, and coloured rows in tables against the table,
    at least 4.5:1 (WCAG 2.2 AA for text of any size)."""
    from careplan_desktop.domain.contrast import TEXT
    from PySide6.QtGui import QBrush, QColor, QPalette

    problems = []
    for widget in (window, *window.findChildren(QWidget)):
        if not shown_in(widget, window):
            continue
        palette = widget.palette()
        sheet = widget.styleSheet()
        pairs: list[tuple[str, str, str]] = []
        text, background = _TEXT_COLOUR.findall(sheet), _BACKGROUND.findall(sheet)
        if text or background:
            pairs.append((text[0] if text else palette.color(QPalette.ColorRole.WindowText).name(),
                          background[0] if background else palette.color(QPalette.ColorRole.Window).name(),
                          "style sheet"))
        elif widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette) and isinstance(widget, QLabel) and widget.text():
            pairs.append((palette.color(QPalette.ColorRole.WindowText).name(),
                          palette.color(QPalette.ColorRole.Window).name(), "palette"))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = QModelIndex()
            for row in range(min(model.rowCount(root), 60)):
                for column in range(_columns(model)):
                    index = model.index(row, column)
                    colour = model.data(index, Qt.ItemDataRole.ForegroundRole)
                    if isinstance(colour, QBrush):
                        colour = colour.color()
                    if isinstance(colour, QColor) and colour.isValid():
                        behind = model.data(index, Qt.ItemDataRole.BackgroundRole)
                        if isinstance(behind, QBrush):
                            behind = behind.color()
                        if not (isinstance(behind, QColor) and behind.isValid() and behind.alpha() > 0):
                            behind = palette.color(QPalette.ColorRole.Base)
                        pairs.append((colour.name(), behind.name(), f"row {row} column {column}"))
        for fore, back, where in pairs:
            ratio = _ratio(fore, back)
            if ratio < TEXT:
                problems.append(f"{describe(widget)} {where}: {fore} on {back} is {ratio:.2f}:1")
    return sorted(set(problems))
