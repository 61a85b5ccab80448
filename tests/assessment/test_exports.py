"""The downloads: the results as .xlsx and as a 公文, a department's own lines as .xlsx; read back."""

import io
from datetime import date

import openpyxl
from django.urls import reverse
from docx import Document

from duban.documents.gongwen import TITLE_CHARS_PER_LINE, width_in_characters
from duban.accounts.models import Role


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows_of(sheet, first_column: str) -> dict[str, list]:
    """Body rows keyed by their value in the column headed ``first_column``."""
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if first_column in row)
    index = rows[header].index(first_column)
    return {row[index]: list(row) for row in rows[header + 1:] if row[index]}


def test_the_results_workbook_has_the_ranking_every_line_and_the_lists(year, as_user):
    book = workbook(as_user(year.assessor).get(reverse("assessment:results_xlsx", args=[year.plan.pk])))
    assert book.sheetnames == ["考核结果", "得分明细", "表扬名单", "问责名单"]
    ranking = list(book["考核结果"].iter_rows(values_only=True))
    assert ranking[0][0] == "2020年度绩效考核结果"
    assert ranking[1][0].endswith("计算中，未定稿：根据截至2020年12月31日的数据计算")  # to the year end
    body = rows_of(book["考核结果"], "部门")
    assert list(body) == ["经发局", "规建局", "水务局"]
    # 排名, 部门, 总分, 等次, the seven parts, 加分, 减分, flags, note
    assert body["经发局"][:11] == [1, "经发局", 80.64, "良好", 46.15, 11.54, 10.26, 7.69, 0, 0, 0]
    assert body["经发局"][11:13] == [5, 0]
    assert body["水务局"][11:13] == [0, -4]
    assert body["水务局"][13] == "取消评优：任务未完成且无正当理由 2 项（2 项及以上即取消评优）"
    lines = [row for row in book["得分明细"].iter_rows(values_only=True) if row[0] == "经发局"]
    assert [(row[2], row[4]) for row in lines][-3:] == [("改革经验被上级发文推广", 2), ("加分总上限", -1), (None, 80.64)]
    timeliness = next(row for row in lines if row[2] == "台账按时报送率")
    assert "2020年第三季度台账（逾期报送" in timeliness[6]
    accountable = rows_of(book["问责名单"], "部门")
    assert list(accountable) == ["规建局", "水务局"]
    assert "被上级通报批评：牵头 1 项 × 3 分，扣 3 分" in accountable["水务局"][3]
    assert list(rows_of(book["表扬名单"], "部门")) == []


def test_the_results_gongwen_reads_back(year, as_user):
    response = as_user(year.assessor).get(reverse("assessment:results_docx", args=[year.plan.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = [p.text for p in document.paragraphs if p.text.strip()]
    # The whole title, broken into lines of 2号 type by the 公文 builder (tests/documents/test_linebreaks.py).
    assert text[0].replace("\n", "") == "关于《准东开发区2020年绩效考核测试方案》绩效考核结果的通报"
    assert all(width_in_characters(line) <= TITLE_CHARS_PER_LINE for line in text[0].split("\n"))
    assert text[1] == "各部门："
    [table] = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["排名", "部门", "总分", "等次"], ["1", "经发局", "80.64", "良好"], ["2", "规建局", "59.33", "较差"],
        ["3", "水务局", "35", "较差"]]
    headings = [t for t in text if t.startswith(("一、", "二、", "三、"))]
    assert headings == ["一、考核结果", "二、表扬名单", "三、问责名单"]
    after = text[text.index("三、问责名单") + 1:]
    assert after[1].startswith("水务局（35分，较差）：取消评优：任务未完成且无正当理由 2 项")
    assert text[-2:] == ["准东开发区绩效办", "2021年1月15日"]


def test_a_department_downloads_its_own_lines_only(year, make_user, zone, as_user):
    client = as_user(make_user("jingfa", zone, "经发局", Role.LIAISON))
    book = workbook(client.get(reverse("assessment:department_xlsx", args=[year.plan.pk, year.jingfa.pk])))
    rows = [row for row in book["得分明细"].iter_rows(values_only=True)][3:]
    assert {row[0] for row in rows} == {"经发局"} and rows[-1][4] == 80.64
    assert client.get(reverse("assessment:department_xlsx", args=[year.plan.pk, year.shuiwu.pk])).status_code == 403
    assert client.get(reverse("assessment:results_xlsx", args=[year.plan.pk])).status_code == 403
    assert client.get(reverse("assessment:results_docx", args=[year.plan.pk])).status_code == 403


def test_a_finalised_assessment_downloads_as_finalised(year, as_user):
    from duban.assessment.results import finalise

    finalise(year.plan, year.assessor, date(2021, 1, 15))
    book = workbook(as_user(year.assessor).get(reverse("assessment:results_xlsx", args=[year.plan.pk])))
    subtitle = list(book["考核结果"].iter_rows(values_only=True))[1][0]
    assert "已定稿" in subtitle and "数据截至2020年12月31日" in subtitle


def test_text_people_typed_is_never_run_as_a_formula(year, make_user, zone, as_user):
    """Rule names (the scheme's editor), an entry's document and note (the assessment office) and
    so the reasons built from them come back as text, in the results and in a department's lines."""
    from duban.assessment.models import Entry, Rule

    from tests.spreadsheets import formula_like_text

    Rule.objects.filter(scheme__plan=year.plan, key="criticism").update(name="=被上级通报批评")
    Entry.objects.filter(department=year.jingfa, item=None, rule__key="promotion").update(
        document="@新改革办〔2020〕2号", note="-说明以减号开头")
    client = as_user(year.assessor)
    results = client.get(reverse("assessment:results_xlsx", args=[year.plan.pk]))
    found = formula_like_text(workbook(results) and results.content)
    assert "=被上级通报批评" in found  # the rule's line of 水务局 in 得分明细
    assert any(text.startswith("@新改革办〔2020〕2号（2020年11月20日 -说明以减号开头）") for text in found)
    lines = client.get(reverse("assessment:department_xlsx", args=[year.plan.pk, year.shuiwu.pk]))
    assert "=被上级通报批评" in formula_like_text(workbook(lines) and lines.content)
