from datetime import date

import pytest

from duban.plans.parsing.deadlines import parse_deadline


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2020年6月底前", date(2020, 6, 30)),
        ("2020年2月底前", date(2020, 2, 29)),
        ("6月底前", date(2021, 6, 30)),
        ("2020年底前", date(2020, 12, 31)),
        ("年底前", date(2021, 12, 31)),
        ("年内", date(2021, 12, 31)),
        ("6月30日前", date(2021, 6, 30)),
        ("2020年9月30日", date(2020, 9, 30)),
        ("十月底", date(2021, 10, 31)),
        ("2020年上半年", date(2020, 6, 30)),
        ("下半年", date(2021, 12, 31)),
        ("二季度", date(2021, 6, 30)),
        ("2020年", date(2020, 12, 31)),
        ("2020年3月至6月", date(2020, 6, 30)),  # the last day it allows
    ],
)
def test_dates(text, expected):
    deadline = parse_deadline(text, 2021)
    assert (deadline.text, deadline.date, deadline.ongoing) == (text, expected, False)


@pytest.mark.parametrize("text", ["持续推进", "长期坚持", "常态化开展"])
def test_ongoing(text):
    deadline = parse_deadline(text, 2020)
    assert (deadline.date, deadline.ongoing) == (None, True)


@pytest.mark.parametrize("text", ["2月30日前", "13月底前", "尽快完成"])
def test_no_day_we_can_place(text):
    deadline = parse_deadline(text, 2020)
    assert (deadline.text, deadline.date, deadline.ongoing) == (text, None, False)


def test_a_month_without_a_year_in_a_plan_without_a_year_has_no_date():
    assert parse_deadline("6月底前", None).date is None


@pytest.mark.parametrize("text, expected", [("全年", date(2025, 12, 31)), ("2024年全年", date(2024, 12, 31)), ("全年内", date(2025, 12, 31))])
def test_the_whole_year_ends_on_its_last_day(text, expected):
    assert parse_deadline(text, 2025).date == expected
