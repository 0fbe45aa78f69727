"""A guard against a PySide6 6.12 reference-counting bug on CPython 3.11.

PySide6 6.12.0 on CPython 3.11 drops one reference to None each time a Qt method that returns
nothing is called from Python (setText, setVisible, processEvents, ...), and sometimes one to
True or False. From CPython 3.12 these objects are immortal and nothing happens; on 3.11 the
interpreter aborts ("Fatal Python error: none_dealloc") after a few thousand such calls.

Until the project runs on Python 3.12+ (or pins PySide6 below 6.12 on 3.11), this gives None,
True and False a reference count so large that it can never reach zero, which is what 3.12
does. It touches nothing on other versions.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # ~10^12 lost references before any risk; ob_refcnt is a Py_ssize_t
_applied = False


def needs_singleton_guard() -> bool:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import PySide6

    major_minor = tuple(int(part) for part in PySide6.__version__.split(".")[:2])
    return major_minor >= (6, 12)


def guard_singletons() -> None:
    """Call once, before the first Qt call. Idempotent."""
    global _applied
    if _applied or not needs_singleton_guard():
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _applied = True
