import datetime as dt

from careplan_desktop.domain.working_days import (
    bank_holiday_name, is_working_day, next_working_day, working_day_on_or_before,
)


def test_weekends_and_bank_holidays_in_england_and_wales_are_not_working_days():
    assert is_working_day(dt.date(2026, 12, 2))  # a Wednesday
    assert not is_working_day(dt.date(2026, 12, 5))  # a Saturday
    assert not is_working_day(dt.date(2026, 12, 25))  # Christmas Day, a Friday
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day falls on a Saturday: Monday is the holiday
    assert not is_working_day(dt.date(2027, 3, 29))  # Easter Monday
    assert bank_holiday_name(dt.date(2026, 8, 31)) is not None  # late summer bank holiday
    assert bank_holiday_name(dt.date(2026, 9, 1)) is None


def test_moving_to_a_working_day_skips_the_christmas_run():
    assert next_working_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 29)
    assert working_day_on_or_before(dt.date(2026, 12, 28)) == dt.date(2026, 12, 24)
    assert next_working_day(dt.date(2028, 1, 1)) == dt.date(2028, 1, 4)  # 3 January 2028 is the substitute day
    assert next_working_day(dt.date(2026, 12, 2)) == dt.date(2026, 12, 2)
