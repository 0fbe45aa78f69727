"""Locks the app after a spell without use (the practice's lock minutes, kept in the vault).

An application-wide event filter restarts a single-shot timer on every key press, mouse
press, mouse move, wheel turn and touch; when the timer runs out `timed_out` is emitted and
the main window locks. The interval is injectable (tests use a few hundred ms).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
    }
)


def minutes_to_ms(minutes: float) -> int:
    return max(1000, int(minutes * 60_000))


class IdleLock(QObject):
    timed_out = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.timed_out)
        self._installed = False
        self.last_activity = time.monotonic()  # when a key, the mouse or a touch was last used

    def quiet_for(self) -> float:
        """Seconds since the last key press, mouse use or touch."""
        return time.monotonic() - self.last_activity

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self._timer.start()

    @property
    def is_running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Watch for activity and start counting (while the vault is unlocked)."""
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        """Stop counting (while locked, and when the window closes)."""
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in ACTIVITY:
            self.last_activity = time.monotonic()
            if self._timer.isActive():
                self._timer.start()  # restart the countdown
        return False
