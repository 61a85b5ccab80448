"""Breaking a 公文 title into lines (GB/T 9704-2012, 7.3.1): a pure function, checked title by title."""

import pytest

from duban.documents.gongwen import TITLE_CHARS_PER_LINE
from duban.documents.linebreaks import NO_LINE_END, NO_LINE_START, title_lines, width_in_characters

PLAN_WORK = "准东开发区2020年深化“放管服”改革工作"


def lines(title: str) -> list[str]:
    return title_lines(title, TITLE_CHARS_PER_LINE)


def test_a_2hao_title_line_holds_20_characters():
    # 156 mm of type area is 442 pt; a 2号 character is 22 pt wide.
    assert TITLE_CHARS_PER_LINE == 20


def test_a_title_that_fits_stays_on_one_line():
    assert lines("督办通知单") == ["督办通知单"]
    assert lines("国网昌吉供电公司准东分公司对账销号情况表") == ["国网昌吉供电公司准东分公司对账销号情况表"]  # 20 wide


def test_the_automatic_space_around_digits_is_counted_in():
    """20 characters with a number: LibreOffice sets a space on each side of 2020 whatever the file
    says, and 20½ characters do not fit a line."""
    assert lines("国网昌吉供电公司准东分公司2020年度对账单") == ["国网昌吉供电公司准东分公司", "2020年度对账单"]


@pytest.mark.parametrize("title, expected", [
    # The 情况通报: 30 characters; the break after the quoted term leaves no lone 工作.
    (f"关于{PLAN_WORK}台账报送情况的通报", ["关于准东开发区2020年深化“放管服”", "改革工作台账报送情况的通报"]),
    # The assessment 通报: 34 characters, broken inside the book title where the quote ends.
    (f"关于《{PLAN_WORK}方案》绩效考核结果的通报",
     ["关于《准东开发区2020年深化“放管服”", "改革工作方案》绩效考核结果的通报"]),
    (f"{PLAN_WORK}2020年6月进展情况报告", ["准东开发区2020年深化“放管服”", "改革工作2020年6月进展情况报告"]),
    # Two textbook titles: the issuing bodies on the first line, 关于… on the second.
    ("中共中央、国务院关于加强职工教育工作的决定", ["中共中央、国务院", "关于加强职工教育工作的决定"]),
    ("全国人民代表大会常务委员会关于教师节的决定", ["全国人民代表大会常务委员会", "关于教师节的决定"]),
    # A date is one word, and a line after it may start where it starts.
    ("准东开发区2020年公文测试工作2020年6月进展情况报告", ["准东开发区2020年公文测试工作", "2020年6月进展情况报告"]),
])
def test_long_titles_break_into_balanced_lines_between_words(title, expected):
    assert lines(title) == expected


TITLES = [
    f"关于{PLAN_WORK}台账报送情况的通报",
    f"关于《{PLAN_WORK}方案》绩效考核结果的通报",
    f"{PLAN_WORK}2020年第二季度进展情况报告",
    f"关于印发《{PLAN_WORK}方案》的通知",
    "关于转发《国务院办公厅关于全面推行证明事项告知承诺制的指导意见》和《自治区关于进一步优化营商环境若干措施》的通知",
    f"关于{PLAN_WORK}台账报送情况的通报" * 2,
]


@pytest.mark.parametrize("title", TITLES)
def test_every_line_fits_and_no_word_number_or_quoted_term_is_cut(title):
    found = lines(title)
    assert "".join(found) == title and len(found) >= 2
    assert all(width_in_characters(line) <= TITLE_CHARS_PER_LINE for line in found)
    for before, after in zip(found, found[1:]):
        assert before[-1] not in NO_LINE_END and after[0] not in NO_LINE_START
        assert not (before[-1].isdigit() and (after[0].isdigit() or after[0] in "年月日度"))
        assert not before.endswith("关于") and not after.startswith("的")
    assert all(line.count("“") == line.count("”") for line in found)  # “放管服” whole
    assert not any(line in ("工作", "通报") for line in found)


@pytest.mark.parametrize("title", TITLES)
def test_three_lines_or_more_make_a_trapezoid_or_a_diamond_never_an_hourglass(title):
    widths = [width_in_characters(line) for line in lines(title)]
    for above, middle, below in zip(widths, widths[1:], widths[2:]):
        assert not (middle < above and middle < below), widths
    # As even as the breaks allow: no line less than half the longest.
    assert min(widths) >= max(widths) / 2, widths


def test_spaces_and_line_breaks_of_the_caller_are_not_the_title_s():
    assert lines("督办\n通知单 ") == ["督办通知单"]
    assert lines("") == []
