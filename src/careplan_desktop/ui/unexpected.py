"""An unexpected exception anywhere in the GUI (a slot that raises, a timer, a paint) is logged
and shown as a plain message; the app carries on.

    guard = UnexpectedErrors(window)   # in the composition root, once the main window exists
    guard.install()                    # sys.excepthook (PySide routes a slot's exception there)

The log line names the exception's type and where it was raised (module, function, line):
never its message, which can quote whatever the code was handling (a name, an NHS number).
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger(__name__)

TITLE = "CarePlan Desktop: something went wrong"
MESSAGE = ("Something went wrong in CarePlan Desktop ({kind}). What you were doing may not have finished: "
           "check it, then carry on. Work already saved is safe. If it happens again, tell your IT support "
           "what you were doing; the log names where it happened.")


def where(tb: TracebackType | None) -> str:
    """The innermost place in the app's own code (else the innermost of all): module:function:line."""
    frames = traceback.extract_tb(tb) if tb is not None else []
    ours = [f for f in frames if "careplan_desktop" in f.filename.replace("\\", "/")]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "unknown place"
    path = frame.filename.replace("\\", "/")
    module = path.split("careplan_desktop/", 1)[-1].removesuffix(".py").replace("/", ".") if ours else \
        path.rsplit("/", 1)[-1]
    return f"{module}:{frame.name}:{frame.lineno}"


class UnexpectedErrors(QObject):
    """sys.excepthook for the GUI: log without patient data, show a plain message, carry on."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = parent
        self.box: QMessageBox | None = None
        self.count = 0
        self._previous = None

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        if sys.excepthook == self.handle and self._previous is not None:
            sys.excepthook = self._previous

    def handle(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt) and self._previous is not None:
            self._previous(kind, error, tb)
            return
        self.count += 1
        log.error("unexpected %s at %s", kind.__name__, where(tb))  # never str(error): it may hold data
        try:
            self.show(kind.__name__)
        except Exception:  # noqa: BLE001 - telling the person must never raise in its turn
            log.error("the unexpected-error message could not be shown")

    def show(self, kind: str) -> None:
        """One message at a time: a second error while it is open only counts."""
        if self.box is not None and self.box.isVisible():
            return
        parent = QApplication.activeWindow() or self.window
        box = QMessageBox(QMessageBox.Icon.Warning, TITLE, MESSAGE.format(kind=kind), QMessageBox.StandardButton.Ok,
                          parent)
        box.setObjectName("unexpected_error")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._forget_box)
        self.box = box
        box.open()

    def _forget_box(self, *_: object) -> None:
        self.box = None
