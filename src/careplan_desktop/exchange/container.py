"""The bundle file: `header || AES-256-GCM(zip)`, and the checks made before anything is read.

Header (34 bytes): magic "CPBUNDLE", format version (2 bytes, big-endian), key id (16 bytes),
nonce (12 random bytes, new for every bundle). The whole header is the associated data, so
changing any byte of it, or of the ciphertext, fails authentication.

Inside the zip only these names are allowed: `manifest.json`, `records/<entity>.json`,
`fhir/<uuid>.json`, `printouts/<uuid>.pdf`. Entry names carry no patient data.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import BundleRefused, NoExchangeKey

MAGIC = b"CPBUNDLE"
FORMAT_VERSION = 1
NONCE_BYTES = 12
KEY_ID_BYTES = 16
HEADER = struct.Struct(f">8sH{KEY_ID_BYTES}s{NONCE_BYTES}s")
TAG_BYTES = 16
SUFFIX = ".cpb"

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ALLOWED_NAMES = re.compile(rf"^(manifest\.json|signature\.json|records/[a-z_]{{1,48}}\.json|fhir/{_UUID}\.json|printouts/{_UUID}\.pdf)$")
_DRIVE = re.compile(r"^[A-Za-z]:")
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # entry times say nothing about when or where


@dataclass(frozen=True)
class Limits:
    """What a bundle may hold. Generous for a practice of 50,000 people; tight for a bomb."""

    max_file_bytes: int = 1024 * 1024 * 1024
    max_entries: int = 50_000
    max_entry_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 1536 * 1024 * 1024
    max_ratio: float = 100.0  # uncompressed / compressed, for entries above ratio_floor
    ratio_floor: int = 64 * 1024


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Header:
    version: int
    key_id: str
    nonce: bytes
    raw: bytes


# -- sealing -----------------------------------------------------------------------------------
def seal(zip_bytes: bytes, key: bytes, key_id: str, *, version: int = FORMAT_VERSION, nonce: bytes | None = None) -> bytes:
    import os

    nonce = nonce or os.urandom(NONCE_BYTES)
    header = HEADER.pack(MAGIC, version, bytes.fromhex(key_id), nonce)
    return header + AESGCM(key).encrypt(nonce, zip_bytes, header)


def build_zip(entries: Iterable[tuple[str, bytes]], *, compresslevel: int = 6) -> bytes:
    """A zip of regular-file entries with fixed times and private permissions. PDFs are stored as
    they are: already compressed inside, deflating them again saves a tenth for a lot of time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o600) << 16
            archive.writestr(info, data, compress_type=info.compress_type, compresslevel=compresslevel)
    return buffer.getvalue()


# -- opening -----------------------------------------------------------------------------------
def read_header(data: bytes) -> Header:
    if len(data) < HEADER.size or not data.startswith(MAGIC):
        if len(data) < HEADER.size and MAGIC.startswith(data[: len(MAGIC)]) and data:
            raise BundleRefused("This bundle file is incomplete (it was cut short while copying). Copy it again.")
        raise BundleRefused("This file is not a CarePlan bundle.")
    magic, version, key_id, nonce = HEADER.unpack_from(data)
    return Header(version, key_id.hex(), nonce, data[: HEADER.size])


def check_version(version: int) -> None:
    if version > FORMAT_VERSION:
        raise BundleRefused(
            "This bundle was made by a newer CarePlan Desktop. Update this computer, then import it again."
        )
    if version < 1:
        raise BundleRefused("This bundle's format is not one CarePlan Desktop knows: the file may be damaged.")


def unseal(data: bytes, keys: dict[str, bytes] | Callable[[str], bytes | None], limits: Limits = DEFAULT_LIMITS) -> tuple[Header, bytes]:
    """Check the header, the key and the authentication tag; return the zip bytes."""
    if len(data) > limits.max_file_bytes:
        raise BundleRefused("This bundle is larger than CarePlan Desktop accepts.")
    header = read_header(data)
    check_version(header.version)
    if isinstance(keys, dict) and not keys:
        raise NoExchangeKey()
    lookup = keys.get if isinstance(keys, dict) else keys
    key = lookup(header.key_id)
    if key is None:
        raise BundleRefused(
            "This bundle was not made with this practice's exchange key: it comes from another practice, "
            "or from a computer whose key was never installed here (or the file is damaged)."
        )
    body = data[HEADER.size:]
    if len(body) < TAG_BYTES:
        raise BundleRefused("This bundle file is incomplete (it was cut short while copying). Copy it again.")
    try:
        plain = AESGCM(key).decrypt(header.nonce, body, header.raw)
    except InvalidTag:
        raise BundleRefused(
            "This bundle failed its authenticity check: it is damaged, incomplete or was changed after it was made."
        ) from None
    return header, plain


def _name_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "a link"
    if "\\" in name:
        return "a backslash in its name"
    if _DRIVE.match(name):
        return "a drive letter"
    if name.startswith("/"):
        return "an absolute path"
    if any(part in ("..", ".") for part in name.split("/")):
        return "a path that climbs out of its folder"
    if name.endswith("/") or info.is_dir():
        return "a folder"
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        return "a special file"
    if not ALLOWED_NAMES.match(name):
        return "a name CarePlan bundles never use"
    return None


def _shown(name: str) -> str:
    printable = "".join(ch if ch.isprintable() else "?" for ch in name)
    return printable if len(printable) <= 60 else printable[:57] + "..."


def read_entries(zip_bytes: bytes, limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """Every entry, after checking names, counts, sizes and ratios first."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise BundleRefused("This bundle is damaged: its contents cannot be read.") from None
    if len(infos) > limits.max_entries:
        raise BundleRefused(f"This bundle holds more than {limits.max_entries} entries, more than CarePlan Desktop accepts.")
    seen: set[str] = set()
    total = 0
    for info in infos:
        problem = _name_problem(info)
        if problem:
            raise BundleRefused(f"This bundle is not safe to open: its entry '{_shown(info.filename)}' is {problem}.")
        if info.filename in seen:
            raise BundleRefused(f"This bundle is not safe to open: the entry '{_shown(info.filename)}' appears twice.")
        seen.add(info.filename)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleRefused(f"This bundle is not safe to open: the entry '{_shown(info.filename)}' uses an unknown compression.")
        _check_size(info.filename, info.file_size, info.compress_size, limits)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise BundleRefused("This bundle unpacks to more than CarePlan Desktop accepts.")
    entries: dict[str, bytes] = {}
    try:
        for info in infos:
            with archive.open(info) as handle:
                data = handle.read(limits.max_entry_bytes + 1)
            _check_size(info.filename, len(data), info.compress_size, limits)
            entries[info.filename] = data
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise BundleRefused("This bundle is damaged: one of its entries cannot be read.") from None
    return entries


def _check_size(name: str, size: int, compressed: int, limits: Limits) -> None:
    if size > limits.max_entry_bytes:
        raise BundleRefused(f"This bundle is not safe to open: the entry '{_shown(name)}' is larger than CarePlan Desktop accepts.")
    if size > limits.ratio_floor and size / max(compressed, 1) > limits.max_ratio:
        raise BundleRefused(
            f"This bundle is not safe to open: the entry '{_shown(name)}' is compressed more than any real "
            "record would be (a 'zip bomb')."
        )
