import nhs_number as published  # the `nhs-number` package (a test dependency)
import pytest

from careplan_desktop.domain import nhs_number


def test_known_valid_number_with_spaces():
    # 943 476 5919 is the NHS Digital documentation example; its check digit is 9 by hand:
    # 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 % 11 = 2; 11 - 2 = 9.
    assert nhs_number.normalise("943 476 5919") == "9434765919"
    assert nhs_number.formatted("9434765919") == "943 476 5919"


def test_wrong_check_digit_says_check_the_last_digit():
    with pytest.raises(nhs_number.InvalidNhsNumber, match="check the last digit"):
        nhs_number.normalise("943 476 5918")


@pytest.mark.parametrize("text", ["", "12345", "94347659190", "943-476-591X"])
def test_wrong_length_or_letters(text):
    assert not nhs_number.is_valid(text)


def test_remainder_ten_has_no_valid_number():
    # 100000000: 1*10 = 10; 10 % 11 = 10; 11 - 10 = 1 -> check digit 1
    assert nhs_number.complete("100000000") == "1000000001"
    # 000000006: 6*2 = 12; 12 % 11 = 1; 11 - 1 = 10 -> no valid number ends these nine digits
    assert nhs_number.complete("000000006") is None


# -- only the ordinary digits 0-9 --------------------------------------------------------------------
# Python's str.isdigit(), int() and regex \d all accept these, so each once became a "valid" NHS number.
LOOK_ALIKES = {
    "full-width": "９９９０００００１８",
    "full-width, spaced 3-3-4": "９９９ ０００ ００１８",
    "one full-width digit": "999 000 001８",
    "superscript": "999000001⁸",
    "Arabic-Indic": "٩٩٩٠٠٠٠٠١٨",
    "Devanagari": "९९९००००००१८",
}


@pytest.mark.parametrize("text", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_digits_that_only_look_like_0_to_9_are_refused_with_the_keys_to_use(text):
    assert nhs_number.has_other_digits(text)
    with pytest.raises(nhs_number.InvalidNhsNumber) as refused:
        nhs_number.normalise(text)
    assert str(refused.value).startswith("Type the NHS number with the ordinary number keys 0-9")
    assert not nhs_number.is_valid(text) and not nhs_number.is_stored_form(text)
    assert nhs_number.formatted(text) == text  # never tidied into something that looks right


def test_the_same_number_in_ordinary_digits_is_accepted():
    # 999 000 001 -> 9*10+9*9+9*8+1*2 = 245; 245 % 11 = 3; 11 - 3 = 8
    for text in ("9990000018", "999 000 0018", "999-000-0018", " 999 000 0018 "):
        assert nhs_number.normalise(text) == "9990000018"
    assert nhs_number.is_stored_form("9990000018") and not nhs_number.is_stored_form("999 000 0018")


# -- the published vectors of the `nhs-number` package ------------------------------------------------
# From uk-fci/nhs-number, tests/vectors/nhs_number_cases.json ("is_valid" and "standardise"): the inputs and
# the validity the package publishes for each. The installed package is asked too, so our validator and
# the package must agree on each.
PUBLISHED_IS_VALID = [
    ("9876543210", True), ("1234567890", False), ("0000000000", True), ("987 654 3210", True), ("", False),
    ("garbage", False), ("0101011113", True), ("0113011113", False),  # CHI range: 13 is not a month
    ("987-654-3210", True), ("  9876543210  ", True), ("abcdefghij", False), ("987654321X", False),
]
PUBLISHED_CHECKSUMS = [("987654321", 0), ("400000063", 2), ("000000006", None)]  # 10: no digit can match


@pytest.mark.parametrize("text, valid", PUBLISHED_IS_VALID)
def test_agrees_with_the_published_vectors(text, valid):
    assert published.is_valid(text) is valid  # the package itself, as installed
    assert nhs_number.is_valid(text) is valid


@pytest.mark.parametrize("nine, digit", PUBLISHED_CHECKSUMS)
def test_check_digits_agree_with_the_published_vectors(nine, digit):
    assert nhs_number.check_digit(nine) == digit
    assert published.calculate_checksum(nine) == (10 if digit is None else digit)


def test_agrees_with_the_package_over_many_numbers():
    """Ten thousand numbers spread over the whole range (every region; fewer than one in ten valid)."""
    numbers = [f"{(n * 7_919_777_113) % 10_000_000_000:010d}" for n in range(10_000)]
    disagree = [n for n in numbers if nhs_number.is_valid(n) != published.is_valid(n)]
    assert disagree == []
    assert 500 < sum(map(nhs_number.is_valid, numbers)) < 1000  # both answers are well represented
