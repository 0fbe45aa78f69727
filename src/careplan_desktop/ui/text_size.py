"""Text size: View > Text size (100% to 200%), Ctrl+Plus, Ctrl+Minus and Ctrl+0, and
`careplan-desktop --text-size PERCENT`.

A size is a percentage of the system's own font size (captured the first time a size is
applied). Applying one sets the application font and scales every font a widget set for
itself (headings, muted text) by the same ratio, so every open window follows at once, without
a restart; then each open window is fitted to its screen again (`screen_fit.refit`).

Remembered per computer (`Settings.text_size`) and, once someone has signed in, per member of
staff (`Settings.text_size_by_staff`, by their uuid: no patient data, no names).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from careplan_desktop.store.settings import Settings, save_settings

STEPS = (100, 125, 150, 175, 200)
SMALLEST, LARGEST = STEPS[0], STEPS[-1]
_BASE = "careplan_base_point_size"
_NOW = "careplan_text_size"
_FIXED = "careplan_text_size_fixed"


def clamp(percent: int) -> int:
    return max(SMALLEST, min(LARGEST, int(percent)))


def base_point_size(app: QApplication) -> float:
    """The system's font size in points (what 100% means), noted before the first change."""
    base = app.property(_BASE)
    if not base:
        base = app.font().pointSizeF()
        if base <= 0:  # a pixel-sized system font: points at 96 dpi
            base = app.font().pixelSize() * 0.75
        app.setProperty(_BASE, float(base))
    return float(base)


def current_percent(app: QApplication | None = None) -> int:
    app = app or QApplication.instance()
    value = app.property(_NOW) if app is not None else None
    return int(value) if value else SMALLEST


def next_step(percent: int, direction: int) -> int:
    """The next size up (direction 1) or down (-1) from `percent`; 0 goes back to 100%."""
    if direction == 0:
        return SMALLEST
    if direction > 0:
        return next((step for step in STEPS if step > percent), LARGEST)
    return next((step for step in reversed(STEPS) if step < percent), SMALLEST)


def apply_text_size(percent: int, app: QApplication | None = None) -> int:
    """Set the text size of every window now; returns the size applied (clamped to 100-200)."""
    from .screen_fit import refit

    app = app or QApplication.instance()
    percent = clamp(percent)
    old = current_percent(app)
    base = base_point_size(app)
    font = app.font()
    font.setPointSizeF(base * percent / 100)
    app.setProperty(_NOW, percent)
    if percent == old and abs(app.font().pointSizeF() - font.pointSizeF()) < 0.01:
        return percent
    ratio = percent / old
    app.setFont(font)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)  # every widget now, not later
    for window in app.topLevelWidgets():
        _scale_own_fonts(window, ratio)
    for window in app.topLevelWidgets():
        if window.isVisible():
            refit(window)
    return percent


def _scale_own_fonts(widget: QWidget, ratio: float) -> None:
    """Fonts a widget set itself (a heading's 1.4 times, a note's 0.9) keep their proportion."""
    for each in (widget, *widget.findChildren(QWidget)):
        if each.testAttribute(Qt.WidgetAttribute.WA_SetFont):
            font = each.font()
            if font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * ratio)
            elif font.pixelSize() > 0:
                font.setPixelSize(max(1, round(font.pixelSize() * ratio)))
            each.setFont(font)


def fix_for_session(app: QApplication | None = None) -> None:
    """`--text-size` was given: it wins over a signed-in person's remembered size."""
    (app or QApplication.instance()).setProperty(_FIXED, True)


def starting_size(settings: Settings, asked: int | None) -> int:
    """The size to start at: `--text-size` if given, else this computer's."""
    return clamp(asked if asked else settings.text_size or SMALLEST)


def _keys(*wanted: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """Key sequences without repeats (a platform's Zoom In is often Ctrl++ already: a shortcut
    given twice is ambiguous and does nothing)."""
    keys: list[QKeySequence] = []
    for each in wanted:
        for key in (QKeySequence.keyBindings(each) if isinstance(each, QKeySequence.StandardKey) else [QKeySequence(each)]):
            if not any(key.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in keys):
                keys.append(key)
    return keys


class TextSize(QObject):
    """The View menu's Text size actions and the shortcuts, for one main window; remembers
    each choice for this computer and for whoever is signed in."""

    changed = Signal(int)

    def __init__(self, settings: Settings, parent: QWidget, *, fixed_by_command_line: bool | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.staff_uuid = ""
        if fixed_by_command_line is None:
            fixed_by_command_line = bool(QApplication.instance().property(_FIXED))
        self.fixed_by_command_line = fixed_by_command_line  # --text-size wins for this session
        self.group = QActionGroup(self)
        self.size_actions: dict[int, QAction] = {}
        for percent in STEPS:
            action = QAction(f"&{percent}%" if percent == SMALLEST else f"{percent}%", parent)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, p=percent: self.choose(p))
            self.group.addAction(action)
            self.size_actions[percent] = action
        self.larger_action = QAction("&Larger text", parent)
        self.larger_action.setShortcuts(_keys("Ctrl++", "Ctrl+=", QKeySequence.StandardKey.ZoomIn))
        self.larger_action.triggered.connect(lambda: self.choose(next_step(current_percent(), 1)))
        self.smaller_action = QAction("&Smaller text", parent)
        self.smaller_action.setShortcuts(_keys("Ctrl+-", QKeySequence.StandardKey.ZoomOut))
        self.smaller_action.triggered.connect(lambda: self.choose(next_step(current_percent(), -1)))
        self.normal_action = QAction("&Normal size (100%)", parent)
        self.normal_action.setShortcut(QKeySequence("Ctrl+0"))
        self.normal_action.triggered.connect(lambda: self.choose(SMALLEST))
        for action in (self.larger_action, self.smaller_action, self.normal_action):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # the plan window too
        self._tick(current_percent())

    def fill_menu(self, menu: QMenu) -> QMenu:
        sizes = menu.addMenu("&Text size")
        sizes.setObjectName("text_size_menu")
        sizes.addAction(self.larger_action)
        sizes.addAction(self.smaller_action)
        sizes.addAction(self.normal_action)
        sizes.addSeparator()
        for action in self.size_actions.values():
            sizes.addAction(action)
        return sizes

    def _tick(self, percent: int) -> None:
        action = self.size_actions.get(percent)
        if action is not None:
            action.setChecked(True)

    def choose(self, percent: int) -> int:
        """A size chosen in the menu or with a shortcut: applied now and remembered."""
        percent = apply_text_size(percent)
        self._tick(percent)
        self.settings.text_size = percent
        if self.staff_uuid:
            self.settings.text_size_by_staff = {**self.settings.text_size_by_staff, self.staff_uuid: percent}
        save_settings(self.settings)
        self.changed.emit(percent)
        return percent

    def signed_in(self, staff_uuid: str) -> None:
        """Someone signed in: their own size, if they chose one on this computer."""
        self.staff_uuid = staff_uuid or ""
        remembered = self.settings.text_size_by_staff.get(self.staff_uuid)
        if remembered and not self.fixed_by_command_line:
            self._tick(apply_text_size(remembered))
            self.changed.emit(current_percent())
