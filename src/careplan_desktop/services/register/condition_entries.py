"""How one of a person's conditions is named on the person form: a key in one string, so a form
entry stays (key, date of diagnosis).

* a catalogue condition: its code ("copd");
* a catalogue condition recorded with its site (cancer): "cancer:bowel";
* a condition not in the catalogue, in the nurse's words, with no SNOMED CT code:
  "free-text:Ehlers-Danlos syndrome" (stored with code "free-text" and no SNOMED CT id).
No Qt; nothing here reads the vault."""

from __future__ import annotations

from typing import NamedTuple

FREE_TEXT = "free-text"
FREE_TEXT_NAME = "Other condition, in words"  # how lists by condition (recall) name them
MOST_WORDS = 200  # a condition in words is a name, not a story


class ConditionKey(NamedTuple):
    code: str  # catalogue code, or FREE_TEXT
    site: str | None = None  # where in the body (a condition recorded with its site)
    words: str | None = None  # the condition in the nurse's words (FREE_TEXT)

    @property
    def is_free_text(self) -> bool:
        return self.code == FREE_TEXT


def _tidy(text: str | None) -> str:
    return " ".join((text or "").split())


def entry_key(code: str, *, site: str | None = None, words: str | None = None) -> str:
    if code == FREE_TEXT:
        return f"{FREE_TEXT}:{_tidy(words)}"
    return f"{code}:{_tidy(site)}" if _tidy(site) else code


def read_key(key: str) -> ConditionKey:
    code, _, rest = key.partition(":")
    if code == FREE_TEXT:
        return ConditionKey(FREE_TEXT, words=_tidy(rest))
    return ConditionKey(code, site=_tidy(rest) or None)


def key_of(condition) -> str:
    """The key of a stored condition row (`models.Condition`)."""
    if condition.code == FREE_TEXT:
        return entry_key(FREE_TEXT, words=condition.display)
    return entry_key(condition.code, site=condition.site)


def same_key(a: str, b: str) -> bool:
    """The same condition (free text and sites compared ignoring case and spacing)."""
    def normal(key: str) -> tuple[str, str]:
        entry = read_key(key)
        return entry.code, (entry.site or entry.words or "").casefold()
    return normal(a) == normal(b)
