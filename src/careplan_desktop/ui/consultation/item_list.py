"""An editable list of plan items (goals, actions, medicines ...): one card per item.

Keyboard: Alt+N or Ctrl+Enter adds an item to the list holding the focus and puts the cursor
in it; Tab goes through the items in order, then to "Add". Each card keeps the item it shows
(its uuid, whether it was carried forward, and any field this list does not edit) and reads
back as that item with the edited fields replaced. A new item gets its uuid here, once, so
repeated autosaves of the same plan never add it twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.models import new_uuid

from ..widgets import muted, scaled_font
from .fields import ChoiceField, ColourField, DateField, LineField, MoneyField, TextArea, carried_badge, section_title
from .item_links import LinkField, Options, ScoreField, TagsButton

ADD_KEYS = ("Alt+N", "Ctrl+Return", "Ctrl+Enter")
MOVE_KEYS = (("Alt+Up", -1), ("Alt+Down", 1))


@dataclass(frozen=True)
class Column:
    attr: str  # the item's field
    label: str
    kind: str = "text"  # text, long, choice, date, money, colour, check, link, tags, score
    choices: tuple[str, ...] = ()
    line: int = 0  # which line of the card it sits on
    stretch: int = 1
    placeholder: str = ""
    blank: str | None = None  # a choice that may be left unset: what the empty choice reads


def _editor(column: Column, name: str, parent: QWidget, options: dict[str, Options]) -> QWidget:
    kind = column.kind
    if kind == "long":
        return TextArea(name, parent, lines=1, most=5, placeholder=column.placeholder)
    if kind == "choice":
        return ChoiceField(name, column.choices, parent, blank=column.blank)
    if kind == "date":
        return DateField(name, parent)
    if kind == "money":
        return MoneyField(name, parent)
    if kind == "colour":
        return ColourField(name, parent)
    if kind == "check":
        box = QCheckBox(column.label, parent)
        box.setAccessibleName(name)
        return box
    if kind == "link":
        return LinkField(name, options[column.attr], column.placeholder or "Not linked", parent)
    if kind == "tags":
        return TagsButton(name, options[column.attr], parent, none_text=column.placeholder or "Choose…",
                          only_offered=column.attr == "goal_uuids")
    if kind == "score":
        return ScoreField(name, parent, none_text=column.placeholder or "Not said")
    return LineField(name, parent, placeholder=column.placeholder)


def read_editor(editor: QWidget) -> Any:
    if isinstance(editor, DateField):
        return editor.date_value()
    if isinstance(editor, MoneyField):
        return editor.pence()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    return editor.value()  # type: ignore[attr-defined]


def fill_editor(editor: QWidget, value: Any) -> None:
    if isinstance(editor, DateField):
        editor.set_date(value)
    elif isinstance(editor, MoneyField):
        editor.set_pence(value)
    elif isinstance(editor, QCheckBox):
        editor.blockSignals(True)
        editor.setChecked(bool(value))
        editor.blockSignals(False)
    else:
        editor.set_value(value)  # type: ignore[attr-defined]


def editor_signal(editor: QWidget):
    return editor.toggled if isinstance(editor, QCheckBox) else editor.edited  # type: ignore[attr-defined]


class ItemCard(QFrame):
    """One item: a header (its number, a 'carried forward' mark, Remove), then its fields on
    one or more lines, each field's caption above it so narrow windows and large fonts fit."""

    def __init__(self, editor_list: ItemListEditor, item: Any) -> None:
        super().__init__(editor_list.cards_holder)
        self.setObjectName("item_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.item = item
        self.editors: dict[str, QWidget] = {}
        self.captions: dict[str, QLabel] = {}
        column_layout = QVBoxLayout(self)
        column_layout.setContentsMargins(8, 4, 8, 6)
        column_layout.setSpacing(2)
        header = QHBoxLayout()
        self.number = QLabel(self)
        self.number.setFont(scaled_font(self.number.font(), 1.0, bold=True))
        header.addWidget(self.number)
        if getattr(item, "carried_forward", False):
            self.badge = carried_badge(self)
            header.addWidget(self.badge)
        header.addStretch(1)
        self.moves: list[QPushButton] = []
        if editor_list.movable:  # the person's order (Alt+Up / Alt+Down from anywhere in the card)
            for text, step in (("\u2191", -1), ("\u2193", 1)):  # ↑ ↓: narrow, so a card fits at 200% text
                button = QPushButton(text, self)
                button.setMaximumWidth(button.fontMetrics().height() * 3)  # an arrow: as wide as the text needs
                button.setAutoDefault(False)
                button.setToolTip(("Move up" if step < 0 else "Move down") + " (Alt+Up or Alt+Down from the keyboard)")
                button.clicked.connect(lambda _checked=False, s=step: editor_list.move_card(self, s))
                header.addWidget(button)
                self.moves.append(button)
            for keys, step in MOVE_KEYS:
                shortcut = QShortcut(QKeySequence(keys), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda s=step: editor_list.move_card(self, s))
        self.remove = QPushButton("Remove", self)
        self.remove.setAutoDefault(False)
        header.addWidget(self.remove)
        column_layout.addLayout(header)
        lines: dict[int, QHBoxLayout] = {}
        for column in editor_list.columns:
            row = lines.get(column.line)
            if row is None:
                row = lines[column.line] = QHBoxLayout()
                row.setSpacing(8)
                column_layout.addLayout(row)
            editor = _editor(column, column.label, self, editor_list.options)
            self.editors[column.attr] = editor
            field = QVBoxLayout()
            field.setSpacing(1)
            if column.kind != "check":
                label = QLabel(column.label, self)
                label.setBuddy(editor)
                label.setFont(scaled_font(label.font(), 0.9))
                self.captions[column.attr] = label
                field.addWidget(label)
            field.addWidget(editor)
            problem = getattr(editor, "problem", None)
            if problem is not None:
                field.addWidget(problem)
            field.addStretch(1)
            row.addLayout(field, column.stretch)
        for column in editor_list.columns:
            fill_editor(self.editors[column.attr], getattr(item, column.attr))
            editor_signal(self.editors[column.attr]).connect(editor_list.changed)
        self.remove.clicked.connect(lambda: editor_list.remove_card(self))

    def set_number(self, number: int, noun: str) -> None:
        self.number.setText(f"{noun} {number}")
        for attr, editor in self.editors.items():
            label = self.captions.get(attr)
            what = label.text() if label else editor.accessibleName().split(": ")[-1]
            editor.setAccessibleName(f"{noun} {number}: {what}")
        self.remove.setAccessibleName(f"Remove {noun.lower()} {number}")
        for button, way in zip(self.moves, ("up", "down")):
            button.setAccessibleName(f"Move {noun.lower()} {number} {way}")

    def value(self) -> Any:
        return dataclasses.replace(self.item, **{attr: read_editor(e) for attr, e in self.editors.items()})

    def focus_widgets(self) -> list[QWidget]:
        return [*self.editors.values(), *self.moves, self.remove]


class ItemListEditor(QWidget):
    """A titled list of cards with an Add button; `changed` whenever the nurse edits it."""

    changed = Signal()

    def __init__(
        self,
        title: str,
        noun: str,
        columns: Sequence[Column],
        new_item: Callable[[], Any],
        parent: QWidget | None = None,
        *,
        add_text: str | None = None,
        empty_text: str = "None yet.",
        options: dict[str, Options] | None = None,
        movable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.noun = noun
        self.movable = movable
        self.columns = tuple(columns)
        self._new_item = new_item
        self.options = options or {}
        self.cards: list[ItemCard] = []
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.title = section_title(title, self)
        layout.addWidget(self.title)
        self.cards_holder = QWidget(self)
        self.cards_layout = QVBoxLayout(self.cards_holder)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setSpacing(4)
        layout.addWidget(self.cards_holder)
        self.empty = muted(empty_text, self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.add_button = QPushButton(add_text or f"Add {noun.lower()}", self)
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Alt+N or Ctrl+Enter adds one from the keyboard")
        self.add_button.setAccessibleName(self.add_button.text().replace("&", ""))
        self.add_button.setAccessibleDescription("Alt+N or Ctrl+Enter adds one from the keyboard")
        self.add_button.clicked.connect(lambda: self.add_item())
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        for keys in ADD_KEYS:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda: self.add_item())

    # -- showing ------------------------------------------------------------------------------
    def set_items(self, items: Sequence[Any]) -> None:
        self.clear()
        for item in items:
            self._append(item)
        self._after_change()

    def clear(self) -> None:
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        self._after_change()

    def refresh_options(self) -> None:
        for card in self.cards:
            for editor in card.editors.values():
                if isinstance(editor, (LinkField, TagsButton)):
                    editor.refresh()

    # -- editing ------------------------------------------------------------------------------
    def add_item(self, item: Any = None, *, focus: bool = True) -> ItemCard:
        """Add a new item (a fresh uuid) at the end, put the cursor in it, and say it changed."""
        card = self._append(item if item is not None else self._new_item())
        self._after_change()
        if focus:
            first = card.focus_widgets()[0]
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()
        return card

    def remove_card(self, card: ItemCard) -> None:
        index = self.cards.index(card)
        self.cards.remove(card)
        card.hide()
        card.deleteLater()
        self._after_change()
        following = self.cards[index] if index < len(self.cards) else self.cards[index - 1] if self.cards else None
        (following.focus_widgets()[0] if following else self.add_button).setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def move_card(self, card: ItemCard, step: int) -> None:
        """Move an item up (-1) or down (+1) the list; the cursor stays where it was."""
        index = self.cards.index(card)
        target = index + step
        if not 0 <= target < len(self.cards):
            return
        focused = card.focusWidget()
        self.cards[index], self.cards[target] = self.cards[target], self.cards[index]
        for position, each in enumerate(self.cards):
            self.cards_layout.insertWidget(position, each)
        self._after_change()
        if focused is not None:
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def items(self) -> tuple:
        return tuple(card.value() for card in self.cards)

    def _append(self, item: Any) -> ItemCard:
        card = ItemCard(self, item)
        self.cards.append(card)
        self.cards_layout.addWidget(card)
        if self.cards_holder.isVisible():
            card.show()  # now, not at the next event loop turn: Tab must reach it at once
        return card

    def _after_change(self) -> None:
        for number, card in enumerate(self.cards, start=1):
            card.set_number(number, self.noun)
        self.empty.setVisible(not self.cards)
        chain = [widget for card in self.cards for widget in card.focus_widgets()] + [self.add_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)


def new_item_factory(item_type: type, **defaults: Any) -> Callable[[], Any]:
    """A new item of this type with its own uuid (made once, here)."""
    return lambda: item_type(uuid=new_uuid(), **defaults)
