"""Choosing from lists that change, for a plan item's card: several (the conditions a goal
answers, the goals an action serves), one (a goal), or a score out of ten (how much a goal
matters)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QMenu, QSizePolicy, QSpinBox, QToolButton, QWidget

Options = Callable[[], Sequence[tuple[Any, str]]]  # (value, what the nurse reads)


class TagsButton(QToolButton):
    """Several choices from a list (the conditions a goal addresses), in a menu of ticks."""

    edited = Signal()

    def __init__(self, accessible_name: str, options: Options, parent: QWidget | None = None, *,
                 none_text: str = "Choose…", only_offered: bool = False) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._none = none_text
        self._only_offered = only_offered  # a choice no longer offered (a goal removed) is dropped
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 8)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._options = options
        self._chosen: tuple[str, ...] = ()
        self._menu = QMenu(self)
        self._menu.aboutToShow.connect(self._fill_menu)
        # once the menu closes, the keyboard carries on from this button (a keyboard user must
        # not be left with nothing focused; its window is made active again if the popup took it)
        self._menu.aboutToHide.connect(lambda: QTimer.singleShot(0, self._focus_back))
        self.setMenu(self._menu)
        self._show()

    def _focus_back(self) -> None:
        if self.isVisible() and QApplication.activePopupWidget() is None:
            self.window().activateWindow()
            self.setFocus(Qt.FocusReason.PopupFocusReason)

    def _names(self) -> dict[Any, str]:
        return dict(self._options())

    def _fill_menu(self) -> None:
        self._menu.clear()
        names = self._names()
        for code in [*names, *(c for c in self._chosen if c not in names)]:
            action = self._menu.addAction(names.get(code, code))
            action.setCheckable(True)
            action.setChecked(code in self._chosen)
            action.toggled.connect(lambda on, c=code: self._toggle(c, on))

    def _toggle(self, code: str, on: bool) -> None:
        chosen = [c for c in self._chosen if c != code]
        if on:
            chosen.append(code)
        self._chosen = tuple(chosen)
        self._show()
        self.edited.emit()

    def _show(self) -> None:
        names = self._names()
        chosen = [c for c in self._chosen if c in names or not self._only_offered]
        text = "; ".join(names.get(c, c) for c in chosen) or self._none
        self.setText(text)
        self.setAccessibleDescription(text)

    def value(self) -> tuple[str, ...]:
        return self._chosen

    def set_value(self, codes: tuple[str, ...]) -> None:
        self._chosen = tuple(codes)
        self._show()

    def refresh(self) -> None:
        if self._only_offered:
            names = self._names()
            kept = tuple(c for c in self._chosen if c in names)
            if kept != self._chosen:
                self._chosen = kept
                self.edited.emit()
        self._show()


class LinkField(QComboBox):
    """One choice from a list that changes (which goal a self-care action serves)."""

    edited = Signal()

    def __init__(self, accessible_name: str, options: Options, none_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self._options, self._none = options, none_text
        self._value: Any = None
        self.activated.connect(self._chosen)
        self.refresh()

    def _chosen(self, _index: int) -> None:
        self._value = self.currentData()
        self.edited.emit()

    def refresh(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(self._none, None)
        for value, text in self._options():
            self.addItem(text, value)
        index = self.findData(self._value) if self._value is not None else 0
        if index < 0:  # linked to something not offered now: keep the link
            self.addItem("(another goal)", self._value)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self.blockSignals(False)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        self.refresh()


class ScoreField(QSpinBox):
    """A whole number from 1 to 10, or not said (None)."""

    edited = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None, *, none_text: str = "Not said") -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setRange(0, 10)
        self.setSpecialValueText(none_text)
        self.valueChanged.connect(lambda _value: self.edited.emit())

    def value(self) -> int | None:  # type: ignore[override]
        number = super().value()
        return number or None

    def set_value(self, value: int | None) -> None:
        self.blockSignals(True)
        self.setValue(value or 0)
        self.blockSignals(False)
