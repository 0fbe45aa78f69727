"""Status changes read aloud: "Saved", "Not saved", "Imported", "Locked" are not only painted
but sent to screen readers as accessible events (Qt's announcement event, which Orca gets
through AT-SPI and NVDA through UI Automation), the label keeping its accessible name. `announcements.said` lets tests hear them too.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget


class Announcements(QObject):
    said = Signal(str, str)  # (the object's name, the words)


announcements = Announcements()


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Tell screen readers `text` about `widget` (a status label) now."""
    if not text:
        return
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))
    event = QAccessibleAnnouncementEvent(widget, text)
    if urgent:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
    announcements.said.emit(widget.objectName(), text)
