"""Every file the app writes that holds patient data (letters and printouts as PDF, FHIR files,
the import's rejected rows, exchange bundles, key files) goes through `write_private`:

* readable and writable by its owner only (0o600), from the moment it exists;
* atomic: written under a temporary name in the same folder, flushed to the disk, then renamed
  over the final name, so a reader never sees half a file and a failure leaves no partial one;
* the temporary name is random (".careplan-1f3a….partial"): never the person's name, even when
  the nurse chose a file name holding it; it is removed if anything fails.
No Qt.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

OWNER_ONLY = 0o600


def write_private(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = True) -> Path:
    """Write `data` to `path` for its owner only, atomically. With `overwrite` False an existing
    file is left alone (FileExistsError). Returns the path written."""
    path = Path(path)
    folder = path.parent
    temporary = folder / f".careplan-{secrets.token_hex(8)}.partial"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                             OWNER_ONLY)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # the umask can only narrow it; this makes sure
            os.chmod(temporary, OWNER_ONLY)
        if not overwrite and path.exists():
            raise FileExistsError(path.name)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    with contextlib.suppress(OSError, AttributeError):  # the rename itself on the disk; not on every system
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    return path
