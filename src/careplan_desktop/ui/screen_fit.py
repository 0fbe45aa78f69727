"""Windows that fit their screen at any text size: a window's size follows its text (font
metrics, never fixed pixels) but never goes past the screen it is on, so its buttons stay on
screen at 200% on a 1366x768 laptop; what does not fit scrolls inside (`scroll_inside`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QScrollArea, QWidget

#: how much of the screen a window may take (the rest is the title bar and the panel)
SHARE = 0.94


def available_size(widget: QWidget | None = None) -> QSize:
    """The room on the widget's screen (the primary screen before it is shown)."""
    screen = QWidget.screen(widget) if widget is not None else None  # (a plan window's .screen is its PlanScreen)
    if screen is None:
        screen = QApplication.primaryScreen()
    if screen is None:
        return QSize(1366, 768)
    area = screen.availableGeometry()
    return QSize(int(area.width() * SHARE), int(area.height() * SHARE))


def within_screen(widget: QWidget, width: int, height: int) -> QSize:
    room = available_size(widget)
    return QSize(min(width, room.width()), min(height, room.height()))


def fit_to_screen(window: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Resize `window` to the size it asks for (or its size hint), but no bigger than its
    screen; a minimum size past the screen is brought back within it too."""
    hint = window.sizeHint()
    wanted = within_screen(window, width if width is not None else hint.width(),
                           height if height is not None else hint.height())
    room = available_size(window)
    minimum = window.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        window.setMinimumSize(min(minimum.width(), room.width()), min(minimum.height(), room.height()))
    window.resize(wanted)


def minimum_width_within_screen(widget: QWidget, width: int) -> None:
    """setMinimumWidth, no wider than the screen (a dialog's width in characters at 200%)."""
    widget.setMinimumWidth(min(width, available_size(widget).width()))


def refit(window: QWidget) -> None:
    """After the text size changed: grow what is now too small for its text, shrink what is
    now past the screen."""
    if not window.isWindow():
        return
    if window.isMaximized() or window.isFullScreen():
        return
    room = available_size(window)
    hint = window.sizeHint()
    width = min(max(window.width(), hint.width()), room.width())
    height = min(max(window.height(), hint.height()), room.height())
    if isinstance(window, QDialog) or window.width() > room.width() or window.height() > room.height():
        minimum = window.minimumSize()
        window.setMinimumSize(min(minimum.width(), room.width()), min(minimum.height(), room.height()))
    window.resize(width, height)


def scroll_inside(content: QWidget, parent: QWidget | None = None, *, name: str = "") -> QScrollArea:
    """`content` in a frameless scroll area that scrolls up and down (never sideways for text
    that wraps), for the part of a dialog that may be taller than the screen at large text.
    The dialog's buttons go below it, outside, so they are always in view."""
    area = QScrollArea(parent)
    area.setObjectName(name or f"{content.objectName() or 'content'}_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own
    area.setWidget(content)
    return area
