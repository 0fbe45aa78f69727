"""NHS numbers: 10 digits, the last a modulus-11 check digit; shown 3-3-4.

`normalise` is the one way in for every NHS number the app is given (the person form, a
register CSV, an exchange bundle, the command line, FHIR, search): the ten ASCII digits, or
`InvalidNhsNumber` with a message a nurse can act on. Only the ordinary digits 0-9 count:
Python's own `str.isdigit()`, `int()` and regex `\\d` also accept full-width, Arabic-Indic
and other digits ('９９９０００００１８' looks like an NHS number but is not one), so none of
them is used to decide what an NHS number is.

It agrees with the published test vectors of the `nhs-number` package (uk-fci), including its
rule that a number in the Scottish CHI range begins with a real date (DDMMYY).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]")  # spaces and hyphens (also typographic dashes)
_TEN_DIGITS = re.compile(r"[0-9]{10}")  # ASCII only: never \d, which is any Unicode digit
_CHI_RANGE = ("0100000000", "3112999999")  # Scotland's CHI numbers start with a date of birth, DDMMYY

ORDINARY_DIGITS = ("Type the NHS number with the ordinary number keys 0-9: it holds characters that look like "
                   "digits but are not (for example full-width digits from another keyboard or a copied web page).")
MISSING = "Enter the NHS number: 10 digits, for example 943 476 5919."
NOT_TEN_DIGITS = "An NHS number has exactly 10 digits (spaces are fine)."
CHECK_DIGIT = "This NHS number is not valid: check the last digit."
NOT_VALID = "This is not a valid NHS number: check each digit."


class InvalidNhsNumber(ValueError):
    """`str(error)` is the message to show beside the field (it never holds the number)."""


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can end them (11 - r == 10)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1)))
    remainder = 11 - total % 11
    if remainder == 11:
        return 0
    if remainder == 10:
        return None
    return remainder


def has_other_digits(text: str) -> bool:
    """True when the text holds a digit that is not one of the ASCII digits 0-9 (full-width,
    superscript, Arabic-Indic ...)."""
    return any(not ("0" <= ch <= "9") and (ch.isdigit() or unicodedata.category(ch) == "Nd") for ch in text or "")


def normalise(text: str | None) -> str:
    """The ten ASCII digits, or InvalidNhsNumber with a message a nurse can act on."""
    if text is not None and not isinstance(text, str):
        raise InvalidNhsNumber(NOT_TEN_DIGITS)
    compact = _SEPARATORS.sub("", text or "")
    if not compact:
        raise InvalidNhsNumber(MISSING)
    if has_other_digits(compact):
        raise InvalidNhsNumber(ORDINARY_DIGITS)
    if not _TEN_DIGITS.fullmatch(compact):
        raise InvalidNhsNumber(NOT_TEN_DIGITS)
    if check_digit(compact[:9]) != int(compact[9]):
        raise InvalidNhsNumber(CHECK_DIGIT)
    if _CHI_RANGE[0] <= compact <= _CHI_RANGE[1] and not _is_ddmmyy(compact[:6]):
        raise InvalidNhsNumber(NOT_VALID)
    return compact


def _is_ddmmyy(text: str) -> bool:
    try:
        dt.datetime.strptime(text, "%d%m%y")
    except ValueError:
        return False
    return True


def is_valid(text: str | None) -> bool:
    try:
        normalise(text)
    except InvalidNhsNumber:
        return False
    return True


def is_stored_form(value: object) -> bool:
    """True for a valid NHS number written as it is stored: exactly ten ASCII digits."""
    return isinstance(value, str) and _TEN_DIGITS.fullmatch(value) is not None and is_valid(value)


def formatted(digits: str) -> str:
    """'9434765919' -> '943 476 5919'; anything that is not ten ASCII digits is returned as it is."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if _TEN_DIGITS.fullmatch(digits or "") else digits


def complete(first_nine: str) -> str | None:
    """Nine digits plus their check digit, or None when those nine can have none."""
    digit = check_digit(first_nine)
    return None if digit is None else f"{first_nine}{digit}"
