"""情况通报: the departments ranked by timeliness, every figure worked out by hand (conftest.py)."""

from datetime import date

from duban.reports import circular

from ..documents.docx_checks import assert_gongwen, full_text, open_docx, table_rows
from .conftest import TODAY


def test_the_circular_ranks_departments_by_reports_on_time(small_plan, ledger):
    document = open_docx(circular.write(small_plan, TODAY))
    assert_gongwen(document)
    text = full_text(document)
    assert document.paragraphs[0].text == "关于准东开发区2020年\n公文测试工作台账报送情况的通报"
    assert ("2020年5月至2020年6月共2期台账已到报送截止日期，各部门应报10份，按时报送5份，逾期报送2份，未报送3份，"
            "被退回1次，按时报送率50.0%。") in text
    trend, ranked = document.tables
    # May: 经发局, 规建局 (cooperating), 财政局 on time; 水务局 late (5月28日); 规建局's lead report missing.
    # June: 经发局, 水务局 on time; 财政局 late (6月30日); 规建局 missing twice (one sent back).
    assert table_rows(trend)[1:] == [
        ["2020年5月", "2020年5月25日", "5", "3", "1", "1", "60.0%"],
        ["2020年6月", "2020年6月25日", "5", "2", "1", "2", "40.0%"],
    ]
    # 经发局 2 of 2; 财政局 and 水务局 1 of 2 with none missing share second place (registry order
    # between them); 规建局 1 of 4 with 3 missing and one return comes fourth.
    assert table_rows(ranked) == [
        ["名次", "部门", "应报", "按时", "逾期", "未报", "退回", "按时率"],
        ["1", "经发局", "2", "2", "0", "0", "0", "100.0%"],
        ["2", "财政局", "2", "1", "1", "0", "0", "50.0%"],
        ["2", "水务局", "2", "1", "1", "0", "0", "50.0%"],
        ["4", "规建局", "4", "1", "0", "3", "1", "25.0%"],
    ]
    assert "（一）全部按时报送的部门。经发局，予以表扬。" in text
    assert "（二）存在未报送台账的部门。规建局（3份），请抓紧补报。" in text


def test_before_any_due_date_the_circular_says_nothing_is_owed(small_plan, pinned):
    day = pinned(date(2020, 5, 20))
    text = full_text(open_docx(circular.write(small_plan, day)))
    assert "目前尚无已到报送截止日期的台账。" in text
