"""NHS numbers: 10 digits, the last a modulus-11 check digit; shown 3-3-4."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[\s-]")


class InvalidNhsNumber(ValueError):
    """`str(error)` is the message to show beside the field."""


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can end them (11 - r == 10)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1)))
    remainder = 11 - total % 11
    if remainder == 11:
        return 0
    if remainder == 10:
        return None
    return remainder


def normalise(text: str) -> str:
    """Digits only, or InvalidNhsNumber with a message a nurse can act on."""
    digits = _NON_DIGITS.sub("", text or "")
    if not digits:
        raise InvalidNhsNumber("Enter the NHS number: 10 digits, for example 943 476 5919.")
    if not digits.isdigit() or len(digits) != 10:
        raise InvalidNhsNumber("An NHS number has exactly 10 digits (spaces are fine).")
    if check_digit(digits[:9]) != int(digits[9]):
        raise InvalidNhsNumber("This NHS number is not valid: check the last digit.")
    return digits


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidNhsNumber:
        return False
    return True


def formatted(digits: str) -> str:
    """'9434765919' -> '943 476 5919'."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def complete(first_nine: str) -> str | None:
    """Nine digits plus their check digit, or None when those nine can have none."""
    digit = check_digit(first_nine)
    return None if digit is None else f"{first_nine}{digit}"
