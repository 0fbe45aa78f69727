import pytest

from careplan_desktop.services import nhs_number


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
