"""The words people read in letters and printouts, from editable TOML files in resources/wording/.

A wording file has one table per variant. ``[standard]`` holds every key; ``[easy_read]`` may hold
any of the same keys and wins where present, falling back to ``[standard]`` key by key. Keys are
dotted paths into nested tables (``appointment.heading``). Text may use ``{placeholder}`` names
(``{{`` and ``}}`` for a literal brace) and ``**bold**``; nothing else is interpreted.

Files are found with :func:`careplan_desktop.domain.paths.resource_file`, so a practice override in the
user data folder wins over the bundled file. Parsed files are cached by path, size and mtime, so
an edited override takes effect on the next letter without restarting the app.

Pure Python, no Qt.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from careplan_desktop.domain.paths import bundled_resources_dir, resource_file

try:  # Python 3.11+
    import tomllib as _toml
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 needs the tomli backport
    import tomli as _toml  # type: ignore[no-redef]

STANDARD = "standard"
EASY_READ = "easy_read"
VARIANTS = (STANDARD, EASY_READ)

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")
_MISSING = object()


class WordingError(LookupError):
    """A wording file is missing or unreadable, or lacks a key or a placeholder value.

    ``str(error)`` names the file and the key, so a practice editing its own wording can fix it.
    """


@dataclass(frozen=True)
class WordingFile:
    """One parsed wording file: the variant tables, and where they came from."""

    name: str
    path: Path
    tables: Mapping[str, Mapping[str, Any]]

    def variant(self, variant: str = STANDARD) -> "Wording":
        if variant not in VARIANTS:
            raise WordingError(f"Unknown wording variant {variant!r}; use one of {', '.join(VARIANTS)}.")
        return Wording(self, variant)


@dataclass(frozen=True)
class Wording:
    """The words of one file in one variant (easy read falls back to standard per key)."""

    file: WordingFile
    variant: str = STANDARD

    @property
    def path(self) -> Path:
        return self.file.path

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        """The value at ``key`` (string, list or table), easy read first where asked for."""
        order = (self.variant, STANDARD) if self.variant != STANDARD else (STANDARD,)
        for variant in order:
            value = _dig(self.file.tables.get(variant, {}), key)
            if value is not _MISSING:
                return value
        if default is not _MISSING:
            return default
        raise WordingError(
            f"The wording file {self.file.path} has no key '{key}' in its [{STANDARD}] table"
            + (f" (nor in [{self.variant}])" if self.variant != STANDARD else "")
            + "."
        )

    def has(self, key: str) -> bool:
        return self.raw(key, None) is not None

    def text(self, key: str, /, **values: Any) -> str:
        """The text at ``key`` with ``{placeholders}`` filled from ``values``."""
        value = self.raw(key)
        if not isinstance(value, str):
            raise WordingError(f"The wording file {self.file.path}: key '{key}' should be text.")
        return fill(value, values, where=f"{self.file.path}, key '{key}'")

    def optional_text(self, key: str, /, **values: Any) -> str | None:
        """Like :meth:`text`, but None when the key is absent (for optional lookups by code)."""
        if self.raw(key, None) is None:
            return None
        return self.text(key, **values)

    def paragraphs(self, key: str, /, **values: Any) -> list[str]:
        """One text or a list of texts at ``key``, each filled in: a paragraph each."""
        value = self.raw(key)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise WordingError(f"The wording file {self.file.path}: key '{key}' should be text or a list of text.")
        where = f"{self.file.path}, key '{key}'"
        return [fill(item, values, where=where) for item in items]

    def texts(self, key: str) -> list[str]:
        """A list of plain strings (for example month names)."""
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise WordingError(f"The wording file {self.file.path}: key '{key}' should be a list of text.")
        return list(value)

    def items(self, key: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
        """A list of tables (``[[standard.prompts]]``), each checked for the given text fields."""
        value = self.raw(key)
        if not isinstance(value, list):
            raise WordingError(f"The wording file {self.file.path}: key '{key}' should be a list of tables.")
        out = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise WordingError(f"The wording file {self.file.path}: item {number} of '{key}' should be a table.")
            for field in fields:
                if not isinstance(item.get(field), str):
                    raise WordingError(
                        f"The wording file {self.file.path}: item {number} of '{key}' has no text '{field}'."
                    )
            out.append(dict(item))
        return out


def fill(template: str, values: Mapping[str, Any], *, where: str = "wording") -> str:
    """Replace ``{name}`` with ``values[name]``; ``{{``/``}}`` are literal braces."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name is None:
            raise WordingError(f"{where}: a lone '{token}' (write '{token * 2}' for a brace).")
        if name not in values:
            raise WordingError(f"{where}: no value for the placeholder {{{name}}}.")
        return str(values[name])

    return _PLACEHOLDER.sub(replace, template)


def _dig(table: Mapping[str, Any], key: str) -> Any:
    node: Any = table
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


_cache: dict[Path, tuple[tuple[int, int], WordingFile]] = {}
_cache_lock = threading.Lock()


def load_wording_file(name: str) -> WordingFile:
    """Parse ``resources/wording/<name>.toml`` (practice override first), cached by path + mtime."""
    file_name = name if name.endswith(".toml") else f"{name}.toml"
    path = resource_file(f"wording/{file_name}")
    try:
        stat = path.stat()
    except OSError as error:
        raise WordingError(f"The wording file {path} cannot be read: {error.strerror or error}.") from None
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        hit = _cache.get(path)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    try:
        with path.open("rb") as handle:
            parsed = _toml.load(handle)
    except (OSError, _toml.TOMLDecodeError) as error:
        raise WordingError(f"The wording file {path} cannot be read: {error}") from None
    if not isinstance(parsed.get(STANDARD), dict):
        raise WordingError(f"The wording file {path} has no [{STANDARD}] table.")
    tables = {variant: parsed.get(variant, {}) for variant in VARIANTS}
    bundled = bundled_resources_dir() / "wording" / file_name
    if path != bundled and bundled.is_file():  # a practice override: it must say everything the bundled file says
        problems = override_problems(tables, _read_tables(bundled))
        if problems:
            raise WordingError(broken_override(path, problems))
    loaded = WordingFile(name=file_name[:-5], path=path, tables=tables)
    with _cache_lock:
        _cache[path] = (stamp, loaded)
    return loaded


def load_wording(name: str, variant: str = STANDARD) -> Wording:
    """The words of ``resources/wording/<name>.toml`` in one variant ("standard" or "easy_read")."""
    return load_wording_file(name).variant(variant)


def _read_tables(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        parsed = _toml.load(handle)
    return {variant: parsed.get(variant, {}) for variant in VARIANTS}


def broken_override(path: Path, problems: list[str]) -> str:
    """The message for an override that cannot be used: the file, and (up to three of) its problems."""
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return (f"The practice's wording file {path} cannot be used: {'; '.join(problems[:3])}{more}. Correct it "
            "(the bundled file of the same name shows every key and placeholder), or remove it to use the "
            "standard wording.")


def _leaves(table: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted key -> value for every value that is not a table (a list counts as one value)."""
    out: dict[str, Any] = {}
    if isinstance(table, Mapping):
        for key, value in table.items():
            if isinstance(value, Mapping):
                out.update(_leaves(value, f"{prefix}{key}."))
            else:
                out[f"{prefix}{key}"] = value
    return out


def _texts(value: Any) -> list[str]:
    """Every piece of text in a value: itself, the items of a list, the text fields of a list of tables."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, Mapping):
        return [text for item in value.values() for text in _texts(item)]
    return []


def _placeholders(texts: list[str]) -> tuple[set[str], bool]:
    """The placeholder names used in the texts, and whether any holds a lone brace."""
    names, lone = set(), False
    for text in texts:
        for match in _PLACEHOLDER.finditer(text):
            if match.group(1):
                names.add(match.group(1))
            elif match.group(0) in "{}":
                lone = True
    return names, lone


def _kind(value: Any) -> str:
    return "text" if isinstance(value, str) else "a list" if isinstance(value, list) else type(value).__name__


def override_problems(tables: Mapping[str, Any], bundled: Mapping[str, Any]) -> list[str]:
    """What keeps an override's tables from standing in for the bundled file's: keys the bundled
    [standard] has and the override lacks or holds as another kind of value, placeholders the
    bundled key does not use (the app has no value for them), and lone braces."""
    problems = []
    ours, theirs = _leaves(tables.get(STANDARD)), _leaves(bundled.get(STANDARD))
    for key, value in theirs.items():
        if key not in ours:
            problems.append(f"it has no key '{key}' in [{STANDARD}]")
        elif _kind(ours[key]) != _kind(value) and isinstance(value, (str, list)):
            problems.append(f"key '{key}' should be {_kind(value)}")
    known = {key: _placeholders(_texts(value))[0] | _placeholders(_texts(_leaves(bundled.get(EASY_READ)).get(key)))[0]
             for key, value in theirs.items()}
    for variant in VARIANTS:
        for key, value in _leaves(tables.get(variant)).items():
            names, lone = _placeholders(_texts(value))
            if lone:
                problems.append(f"key '{key}' in [{variant}] has a lone '{{' or '}}' (write '{{{{' or '}}}}' for a brace)")
            unknown = sorted(names - known.get(key, names))
            if unknown:
                problems.append(f"key '{key}' in [{variant}] uses the placeholder {{{unknown[0]}}}, which the app "
                                "does not fill in there")
    return problems


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
