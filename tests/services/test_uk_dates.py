import datetime as dt

import pytest

from careplan_desktop.domain import uk_dates
from careplan_desktop.domain.uk_dates import UkDateError, check_date_of_birth, parse_uk_date, read_uk_date

MARCH_5_1948 = dt.date(1948, 3, 5)


@pytest.mark.parametrize(
    "text",
    ["05/03/1948", "5/3/1948", "05/3/1948", " 05/03/1948 ", "05-Mar-1948", "05-mar-1948", "5-MAR-1948",
     "05 Mar 1948", "5 March 1948", "5 MARCH 1948", "1948-03-05", "05-03-1948", "05.03.1948"],
)
def test_uk_formats_read_day_first(text):
    assert parse_uk_date(text) == MARCH_5_1948


def test_full_and_abbreviated_month_names():
    assert parse_uk_date("1 Sept 2001") == dt.date(2001, 9, 1)
    assert parse_uk_date("30 june 2001") == dt.date(2001, 6, 30)
    assert parse_uk_date("29-Feb-2000") == dt.date(2000, 2, 29)  # 2000 is a leap year


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/1950", "This is not a real date: February has 28 days in that year."),
        ("29/02/1900", "This is not a real date: February has 28 days in that year."),  # 1900 not a leap year
        ("31/04/1960", "This is not a real date: April has 30 days."),
        ("1950-02-30", "This is not a real date: February has 28 days in that year."),
        ("13/13/1950", "This is not a real date: there is no month 13."),
        ("00/05/1950", "This is not a real date: days and months start at 1."),
        ("05/03/48", uk_dates.TWO_DIGIT_YEAR),
        ("05-Mar-48", uk_dates.TWO_DIGIT_YEAR),
        ("03/25/1950", uk_dates.MONTH_FIRST),  # only makes sense as 25 March: a US export
        ("12/31/1999", uk_dates.MONTH_FIRST),
        ("05-Mrz-1948", uk_dates.UNKNOWN_MONTH),
        ("March 5 1948", uk_dates.UNREADABLE),
        ("1948/03/05", uk_dates.UNREADABLE),
        ("5/3/19488", uk_dates.UNREADABLE),
        ("yesterday", uk_dates.UNREADABLE),
        ("", uk_dates.EMPTY),
        (None, uk_dates.EMPTY),
    ],
)
def test_refused_with_a_reason_never_guessed(text, message):
    reading = read_uk_date(text)
    assert reading.value is None
    assert reading.problem == message
    with pytest.raises(UkDateError) as caught:
        parse_uk_date(text)
    assert str(caught.value) == message


def test_messages_never_repeat_the_date():
    for text in ("31/02/1950", "03/25/1950", "05/03/48"):
        problem = read_uk_date(text).problem
        assert "1950" not in problem and "48" not in problem.split("for example")[0]


def test_could_be_month_first_only_when_both_readings_are_dates():
    assert read_uk_date("05/03/1948").could_be_month_first
    assert not read_uk_date("05/05/1948").could_be_month_first  # same either way
    assert not read_uk_date("25/03/1948").could_be_month_first
    assert not read_uk_date("05-Mar-1948").could_be_month_first


def test_a_column_of_us_dates_is_recognised():
    assert uk_dates.file_reads_month_first(["03/25/1950", "04/05/1951", "", "1950-01-01"])
    # one odd US-looking date in a file that is clearly day-first is not enough
    assert not uk_dates.file_reads_month_first(["03/25/1950", "25/03/1950", "04/05/1951"])
    assert not uk_dates.file_reads_month_first(["04/05/1951", "05-Mar-1948"])


TODAY = dt.date(2025, 6, 1)


def test_date_of_birth_not_in_the_future():
    assert check_date_of_birth(TODAY, TODAY) is None
    assert check_date_of_birth(dt.date(2025, 6, 2), TODAY) == "The date of birth cannot be in the future."


def test_date_of_birth_not_over_120_years_ago():
    # 120 years before 1 June 2025 is 1 June 1905: allowed; a day earlier is over 120 years.
    assert check_date_of_birth(dt.date(1905, 6, 1), TODAY) is None
    assert check_date_of_birth(dt.date(1905, 5, 31), TODAY) == (
        "The date of birth is more than 120 years ago: check the year.")


def test_120_years_before_29_february():
    # 1900 has no 29 February, so the limit is 28 February 1900
    assert check_date_of_birth(dt.date(1900, 2, 28), dt.date(2020, 2, 29)) is None
    assert check_date_of_birth(dt.date(1900, 2, 27), dt.date(2020, 2, 29)) is not None


def test_age_and_formatting():
    assert uk_dates.age_on(dt.date(1950, 6, 10), TODAY) == 74  # birthday later in June
    assert uk_dates.age_on(dt.date(1950, 6, 1), TODAY) == 75
    assert uk_dates.format_uk_date(MARCH_5_1948) == "05/03/1948"
    assert uk_dates.format_uk_date(None) == ""
