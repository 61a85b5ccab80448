"""Task-division tables (任务分工表) in Word, Excel and as text, each a small table written here."""

import io
from datetime import datetime

import openpyxl
import pytest
import xlwt
from docx.oxml import parse_xml

from duban.plans.parsing import PlanParseError, parse_document, parse_plan, read_document
from duban.plans.parsing.tables import MISALIGNED, Column, column_of

from .office import docx_of

HEADER = ["序号", "工作任务", "具体措施", "牵头单位", "配合单位", "完成时限"]


def rows_of(parsed):
    """(task number, task title, [(item number, text, lead, cooperating, deadline text)]) per task."""
    return [
        (
            task.number,
            task.title,
            [(item.number, item.text, item.lead, item.cooperating, item.deadline.text if item.deadline else None) for item in task.items],
        )
        for task in parsed.tasks
    ]


def fill(table, rows):
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            if value is not None:
                cell.text = value


@pytest.mark.parametrize(
    "header, column",
    [
        ("序号", Column.NUMBER),
        ("工作任务", Column.TASK),
        ("重点工作", Column.TASK),
        ("具体措施", Column.MEASURE),
        ("具体任务", Column.MEASURE),
        ("牵头单位", Column.LEAD),
        ("牵头负责单位", Column.LEAD),
        ("配合单位", Column.COOPERATING),
        ("责任单位", Column.RESPONSIBLE),
        ("实施单位", Column.RESPONSIBLE),
        ("完成时限", Column.DEADLINE),
        ("时间节点", Column.DEADLINE),
        ("类别", Column.CATEGORY),
        ("章节", Column.CATEGORY),
        ("工作目标", Column.TARGET),
        ("区本级任务数", Column.TARGET),
        ("量化指标", Column.TARGET),
        ("责任领导", Column.PERSON),
        ("备注", Column.NOTE),
        ("推行承诺制审批，压缩审批时间", None),
    ],
)
def test_columns_are_found_by_their_headers(header, column):
    assert column_of(header) is column


def test_word_table_with_a_task_merged_over_its_measures_and_the_header_repeated():
    def build(document):
        document.add_paragraph("某区2021年优化营商环境重点任务分工方案")
        document.add_paragraph("为优化营商环境，制定本方案。")
        table = document.add_table(rows=6, cols=6)
        fill(
            table,
            [
                HEADER,
                ["1", "优化审批服务", "推行承诺制审批。", "审批局", "经发局、财政局", "2021年6月底前"],
                [None, None, "推行容缺受理。", "政务服务中心", "", "2021年9月底前"],
                HEADER,  # a long table repeats its header on each page
                ["2", "规范涉企收费", "", "财政局", "市场监管局", "年底前"],
                ["3", "推行信用监管", "建立信用档案。", "市场监管局", "", "持续推进"],
            ],
        )
        table.cell(1, 0).merge(table.cell(2, 0))
        table.cell(1, 1).merge(table.cell(2, 1))
        # Two paragraphs in one cell: numbered sub-measures of one item.
        cell = table.cell(4, 2)
        cell.text = "1.清理涉企收费目录；"
        cell.add_paragraph("2.公布收费清单。")

    parsed = parse_document(docx_of(build), "plan.docx")
    assert (parsed.title, parsed.year, parsed.description) == ("某区2021年优化营商环境重点任务分工方案", 2021, "为优化营商环境，制定本方案。")
    assert rows_of(parsed) == [
        (
            "1",
            "优化审批服务",
            [
                ("1", "推行承诺制审批。", ["审批局"], ["经发局", "财政局"], "2021年6月底前"),
                ("2", "推行容缺受理。", ["政务服务中心"], [], "2021年9月底前"),
            ],
        ),
        ("2", "规范涉企收费", [("", "1.清理涉企收费目录；2.公布收费清单。", ["财政局"], ["市场监管局"], "年底前")]),
        ("3", "推行信用监管", [("", "建立信用档案。", ["市场监管局"], [], "持续推进")]),
    ]
    # Each item points at its row's line in the text the reader made.
    text = read_document(docx_of(build), "plan.docx").split("\n")
    second = parsed.tasks[0].items[1]
    assert "推行容缺受理。" in text[second.line_start - 1]


def test_word_table_with_a_category_merged_down_and_section_rows():
    def build(document):
        document.add_paragraph("某区2021年重点工作责任清单")
        table = document.add_table(rows=6, cols=5)
        fill(
            table,
            [
                ["序号", "类别", "重点工作", "责任单位", "完成时限"],
                ["一、深化简政放权", None, None, None, None],
                ["1", "审批", "推行承诺制审批。", "审批局", "6月底前"],
                ["2", None, "推行容缺受理。", "审批局、政务服务中心", "9月底前"],
                ["二、加强事中事后监管", None, None, None, None],
                ["3", "监管", "推行信用监管。", "市场监管局", "年底前"],
            ],
        )
        for row in (1, 4):
            table.cell(row, 0).merge(table.cell(row, 4))
        table.cell(2, 1).merge(table.cell(3, 1))

    parsed = parse_document(docx_of(build), "plan.docx")
    assert rows_of(parsed) == [
        (
            "",
            "审批",
            [
                ("1", "推行承诺制审批。", ["审批局"], [], "6月底前"),
                ("2", "推行容缺受理。", ["审批局"], ["政务服务中心"], "9月底前"),
            ],
        ),
        ("", "监管", [("3", "推行信用监管。", ["市场监管局"], [], "年底前")]),
    ]
    assert parsed.items[0].deadline.date.isoformat() == "2021-06-30"
    # 责任单位 with two names and no 牵头/配合 split: the first leads, and the item says so.
    assert parsed.items[1].doubts == ["责任单位无牵头/配合之分，已按首位为牵头"]


def test_section_rows_group_the_rows_of_a_table_without_categories():
    text = "\n".join(
        [
            "某区2021年重点任务分工",
            "序号\t工作任务\t牵头单位\t配合单位",
            "一、深化简政放权\t一、深化简政放权\t一、深化简政放权\t一、深化简政放权",
            "1\t推行承诺制审批。\t审批局\t经发局",
            "2\t推行容缺受理。\t政务服务中心\t",
            "二、加强监管",
            "3\t推行信用监管。\t市场监管局\t",
        ]
    )
    assert rows_of(parse_plan(text)) == [
        (
            "一",
            "深化简政放权",
            [("1", "推行承诺制审批。", ["审批局"], ["经发局"], None), ("2", "推行容缺受理。", ["政务服务中心"], [], None)],
        ),
        ("二", "加强监管", [("3", "推行信用监管。", ["市场监管局"], [], None)]),
    ]


def test_excel_workbook_with_merged_cells_and_dates():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["附件：某区2021年优化营商环境任务分工表"])
    sheet.append(["序号", "工作任务", "具体措施", "牵头单位", "配合单位", "完成时限"])
    sheet.append([1, "优化审批服务", "推行承诺制审批。", "审批局", "经发局", datetime(2021, 6, 30)])
    sheet.append([None, None, "推行容缺受理。", "政务服务中心", None, "2021年9月底前"])
    sheet.append([2, "规范涉企收费", "清理涉企收费。", "财政局", "市场监管局、税务局", "年底前"])
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = parse_document(buffer.getvalue(), "分工表.xlsx")
    assert parsed.title == "某区2021年优化营商环境任务分工表"
    assert parsed.year == 2021
    assert rows_of(parsed) == [
        (
            "1",
            "优化审批服务",
            [
                ("1", "推行承诺制审批。", ["审批局"], ["经发局"], "2021年6月30日"),
                ("2", "推行容缺受理。", ["政务服务中心"], [], "2021年9月底前"),
            ],
        ),
        ("2", "规范涉企收费", [("", "清理涉企收费。", ["财政局"], ["市场监管局", "税务局"], "年底前")]),
    ]
    assert parsed.items[0].deadline.date.isoformat() == "2021-06-30"


def test_old_excel_workbook_with_merged_cells():
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("任务分工")
    for column, header in enumerate(["序号", "类别", "具体措施", "牵头部门", "配合部门"]):
        sheet.write(0, column, header)
    sheet.write_merge(1, 2, 1, 1, "审批")
    for row, values in ((1, ["1", None, "推行承诺制审批。", "审批局", "经发局"]), (2, ["2", None, "推行容缺受理。", "政务服务中心", ""])):
        for column, value in enumerate(values):
            if value is not None:
                sheet.write(row, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = parse_document(buffer.getvalue(), "分工表.xls")
    assert rows_of(parsed) == [
        ("", "审批", [("1", "推行承诺制审批。", ["审批局"], ["经发局"], None), ("2", "推行容缺受理。", ["政务服务中心"], [], None)])
    ]


@pytest.mark.parametrize("filename, message", [("x.xlsx", "x.xlsx：不是有效的 Excel 文件（文件已损坏）"), ("x.xls", "x.xls：不是有效的 Excel 97-2003 文件（.xls，文件已损坏）")])
def test_a_broken_spreadsheet_is_refused_in_one_line(filename, message):
    with pytest.raises(PlanParseError) as raised:
        read_document(b"PK\x03\x04 not really a workbook", filename)
    assert str(raised.value) == message


def test_a_table_written_with_bars_between_cells():
    text = "\n".join(
        [
            "某区2021年重点任务分工",
            "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |",
            "| --- | --- | --- | --- | --- |",
            "| 1 | 推行承诺制审批。 | 审批局 | 经发局 | 6月底前 |",
            "| 2 | 推行容缺受理。 | 政务服务中心 | | 年底前 |",
        ]
    )
    assert rows_of(parse_plan(text)) == [
        ("1", "推行承诺制审批", [("", "推行承诺制审批。", ["审批局"], ["经发局"], "6月底前")]),
        ("2", "推行容缺受理", [("", "推行容缺受理。", ["政务服务中心"], [], "年底前")]),
    ]


def test_a_flattened_table_one_cell_per_line_closed_by_bars():
    text = "\n".join(
        [
            "2025年开发区重点工作及责任清单",
            *[f"{header} |" for header in ["序号", "重点工作", "责任领导", "责任单位", "完成时限"]],
            "1 |",
            "优化“重点项目直通车”工作机 制，全力服务重",
            "大项目落地见效。 |",
            "张三 |",
            "招商工作部、安商工作部 |",
            "全年 |",
            "2 |",
            "盘活存量土地400亩。 |",
            "李四 |",
            "改革办 |",
            "全年 |",
        ]
    )
    parsed = parse_plan(text)
    assert rows_of(parsed) == [
        ("1", "优化“重点项目直通车”工作机制，全力服务重大项目落地见效", [("", "优化“重点项目直通车”工作机制，全力服务重大项目落地见效。", ["招商工作部"], ["安商工作部"], "全年")]),
        ("2", "盘活存量土地400亩", [("", "盘活存量土地400亩。", ["改革办"], [], "全年")]),
    ]
    assert parsed.items[1].deadline.date.isoformat() == "2025-12-31"
    assert (parsed.items[0].line_start, parsed.items[0].line_end) == (7, 12)


def test_a_flattened_table_row_with_a_cell_missing_is_guessed_and_flagged():
    text = "\n".join(
        [
            "某区2021年重点任务分工",
            "序号",
            "重点任务",
            "牵头单位",
            "配合单位",
            "完成时限",
            "1",
            "推行承诺制审批。",
            "审批局",
            "经发局",
            "6月底前",
            "2",
            "推行容缺受理。",
            "政务服务中心",
            "年底前",
        ]
    )
    parsed = parse_plan(text)
    first, second = parsed.items
    assert (first.lead, first.cooperating, first.doubts) == (["审批局"], ["经发局"], [])
    assert (second.text, second.lead) == ("推行容缺受理。", ["政务服务中心"])
    assert MISALIGNED in second.doubts and second.confidence <= 0.5


def test_a_table_that_assigns_departments_is_the_plan_even_when_the_text_lists_the_tasks():
    text = "\n".join(
        [
            "某区2021年优化营商环境工作方案",
            "一、主要任务",
            "（一）推行承诺制审批",
            "（二）推行容缺受理",
            "附件：任务分工表",
            "序号\t重点任务\t牵头单位\t配合单位",
            "1\t推行承诺制审批\t审批局\t经发局",
            "2\t推行容缺受理\t政务服务中心\t",
        ]
    )
    parsed = parse_plan(text)
    assert [(task.title, task.items[0].lead) for task in parsed.tasks] == [("推行承诺制审批", ["审批局"]), ("推行容缺受理", ["政务服务中心"])]


def test_a_header_over_two_rows():
    text = "\n".join(
        [
            "某区2021年重点任务分工",
            "序号\t重点任务\t责任单位\t责任单位",
            "\t\t牵头单位\t配合单位",
            "1\t推行承诺制审批。\t审批局\t经发局",
        ]
    )
    assert rows_of(parse_plan(text)) == [("1", "推行承诺制审批", [("", "推行承诺制审批。", ["审批局"], ["经发局"], None)])]


def numbered_docx(paragraphs):
    """A .docx whose numbers are Word's list numbering (numbering.xml), not typed."""

    def build(document):
        numbering = document.part.numbering_part.element
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        numbering.append(
            parse_xml(
                f'<w:abstractNum {w} w:abstractNumId="90">'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
                '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
                "</w:abstractNum>"
            )
        )
        numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
        for level, text in paragraphs:
            paragraph = document.add_paragraph(text)
            if level is not None:
                paragraph._p.get_or_add_pPr().append(
                    parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
                )

    return docx_of(build)


def test_word_automatic_numbering_is_read_as_typed_numbers():
    data = numbered_docx(
        [
            (None, "某区2021年优化营商环境工作方案"),
            (0, "总体要求"),
            (None, "以人民为中心。"),
            (0, "主要任务"),
            (1, "优化审批服务"),
            (2, "推行承诺制。"),
            (2, "推行容缺受理。"),
            (None, "牵头单位：审批局"),
            (1, "规范涉企收费"),
            (2, "清理涉企收费。"),
            (None, "牵头单位：财政局"),
        ]
    )
    assert read_document(data, "plan.docx").split("\n")[1:6] == ["一、总体要求", "以人民为中心。", "二、主要任务", "（一）优化审批服务", "1.推行承诺制。"]
    parsed = parse_document(data, "plan.docx")
    assert [(task.number, task.title, [(item.number, item.lead) for item in task.items]) for task in parsed.tasks] == [
        ("（一）", "优化审批服务", [("1", ["审批局"]), ("2", ["审批局"])]),
        ("（二）", "规范涉企收费", [("1", ["财政局"])]),
    ]


def test_a_target_column_is_read_for_targets_and_stays_out_of_the_text():
    text = "\n".join(
        [
            "某区2021年重点任务分工",
            "序号\t重点任务\t工作目标\t牵头单位",
            "1\t推行承诺制审批。\t审批时间不超过5个工作日\t审批局",
        ]
    )
    (item,) = parse_plan(text).items
    assert item.text == "推行承诺制审批。"
    assert [(target.subject, target.comparator, target.value, target.unit) for target in item.targets] == [("审批时间", "<=", 5, "工作日")]


def test_two_tables_one_after_the_other_keep_their_own_columns():
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.append(["序号", "重点任务", "牵头单位", "配合单位"])
    first.append([1, "推行承诺制审批。", "审批局", "经发局"])
    second = workbook.create_sheet()
    second.append(["序号", "重点任务", "配合单位", "牵头单位"])
    second.append([2, "推行容缺受理。", "经发局", "政务服务中心"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_document(buffer.getvalue(), "分工表.xlsx")
    assert [(item.lead, item.cooperating) for item in parsed.items] == [(["审批局"], ["经发局"]), (["政务服务中心"], ["经发局"])]


def test_a_header_note_saying_the_first_unit_leads_leaves_no_doubt():
    text = "\n".join(
        [
            "某区2021年重点任务分工",
            "序号\t重点任务\t责任单位（排在第一位的为牵头单位）",
            "1\t推行承诺制审批。\t审批局、经发局",
        ]
    )
    (item,) = parse_plan(text).items
    assert (item.lead, item.cooperating, item.doubts, item.confidence) == (["审批局"], ["经发局"], [], 1.0)


def test_a_flattened_table_with_a_header_cell_over_two_lines_sections_and_an_empty_remark():
    text = "\n\n".join(
        [
            "2021年市政府工作报告部署工作责任分工",
            *["序号", "重点工作", "市政府", "分管领导", "牵头单位", "配合单位", "备注"],
            "（一）",
            "加强战略科技力量建设。",
            *["1", "建设科技创新轴。", "王东", "市科技局", "黄埔区、南沙区政府"],
            *["2", "筹建国家实验室。", "王东", "市科技局", "市财政局"],
        ]
    )
    parsed = parse_plan(text)
    assert rows_of(parsed) == [
        (
            "（一）",
            "加强战略科技力量建设",
            [
                ("1", "建设科技创新轴。", ["市科技局"], ["黄埔区", "南沙区政府"], None),
                ("2", "筹建国家实验室。", ["市科技局"], ["市财政局"], None),
            ],
        )
    ]
    # Only the 备注 at the end of each row is empty: nothing was guessed.
    assert [item.doubts for item in parsed.items] == [[], []]


def test_a_row_numbered_in_circles_gives_its_task_a_title_without_the_number():
    text = "\n".join(
        [
            "某区2021年重点任务分工",
            "序号\t重点任务\t牵头单位",
            "1\t①推行承诺制审批。1、梳理事项；2、公布清单。\t审批局",
            "2\t⑵推行容缺受理。\t政务服务中心",
        ]
    )
    assert [(task.number, task.title) for task in parse_plan(text).tasks] == [("1", "推行承诺制审批"), ("2", "推行容缺受理")]


def test_a_flattened_header_cell_followed_by_a_header_of_its_own_is_not_joined_to_it():
    # "篇章" names no column we know, "方案内容" does: two cells, not one "篇章方案内容".
    text = "\n".join(
        ["某市营商环境任务分解表", "序号", "篇章", "方案内容", "牵头部门", "1", "市场准入", "推行承诺制审批。", "市审批局"]
    )
    (item,) = parse_plan(text).items
    assert (item.text, item.lead, item.doubts) == ("推行承诺制审批。", ["市审批局"], [])


def test_a_numbered_line_inside_a_flattened_row_short_of_cells_is_a_cell_not_the_end_of_the_table():
    # The 章节 cell "1.便利市场准入退出" reads like a heading; row 1 still lacks its other cells.
    text = "\n".join(
        [
            "某市营商环境任务分解表",
            *["序号", "章节", "方案内容", "牵头部门"],
            *["1", "1.便利市场准入退出", "严格落实市场准入负面清单。", "市发改委"],
            *["2", "优化简易注销程序。", "市市场监管局"],
            *["3", "2.促进市场公平竞争", "严格执行反垄断认定标准。", "市市场监管局"],
        ]
    )
    parsed = parse_plan(text)
    assert rows_of(parsed) == [
        (
            "1",
            "便利市场准入退出",
            [("1", "严格落实市场准入负面清单。", ["市发改委"], [], None), ("2", "优化简易注销程序。", ["市市场监管局"], [], None)],
        ),
        ("2", "促进市场公平竞争", [("3", "严格执行反垄断认定标准。", ["市市场监管局"], [], None)]),
    ]
    # The 章节 cell merged over row 2 is written once: row 2 is short by it alone, nothing guessed.
    assert [item.doubts for item in parsed.items] == [[], [], []]


def test_a_numbered_heading_after_a_complete_flattened_row_ends_the_table():
    text = "\n".join(
        [
            "某市再创营商环境新优势行动方案任务分解表",
            *["序号", "方案内容", "牵头部门"],
            *["1", "严格落实市场准入负面清单。", "市发改委"],
            "1.本表自印发之日起施行",
        ]
    )
    (item,) = parse_plan(text).items
    assert (item.text, item.lead) == ("严格落实市场准入负面清单。", ["市发改委"])


def test_a_short_title_right_above_a_flattened_header_is_no_cell_of_it():
    # "重点任务分解表" names a column (任务), but the header starts at its 序号.
    text = "\n".join(["重点任务分解表", *["序号", "方案内容", "牵头部门"], *["1", "严格落实市场准入负面清单。", "市发改委"]])
    parsed = parse_plan(text)
    assert (parsed.title, [(item.text, item.lead) for item in parsed.items]) == (
        "重点任务分解表",
        [("严格落实市场准入负面清单。", ["市发改委"])],
    )


def test_section_rows_of_a_table_with_task_and_measure_columns_are_the_parts_of_its_tasks():
    text = "\n".join(
        [
            "某区2021年重点任务分工",
            "序号\t工作任务\t具体措施\t牵头单位",
            "一、深化简政放权\t一、深化简政放权\t一、深化简政放权\t一、深化简政放权",
            "1\t推行承诺制审批\t梳理承诺事项。\t审批局",
            "2\t\t公布承诺清单。\t审批局",
            "二、加强事中事后监管",
            "3\t推行信用监管\t建立信用档案。\t市场监管局",
        ]
    )
    parsed = parse_plan(text)
    assert [(task.part, task.number, task.title, len(task.items)) for task in parsed.tasks] == [
        ("深化简政放权", "1", "推行承诺制审批", 2),
        ("加强事中事后监管", "3", "推行信用监管", 1),
    ]


def test_a_flattened_table_of_more_than_ten_thousand_rows_keeps_every_row_apart():
    rows = [cell for n in range(1, 10_003) for cell in (str(n), f"推进第{n}项改革。", "经发局")]
    parsed = parse_plan("\n".join(["某区2021年重点任务分工表", "序号", "重点工作", "责任单位", *rows]))
    assert len(parsed.items) == 10_002
    assert (parsed.tasks[-1].number, parsed.items[-1].text) == ("10002", "推进第10002项改革。")


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_with_more_rows_than_a_plan_has_is_refused_before_it_is_loaded(monkeypatch):
    from duban.plans.parsing import sheets

    workbook = openpyxl.Workbook()
    for n in range(60):
        workbook.active.append([n, f"推进第{n}项改革。", "经发局"])
    monkeypatch.setattr(sheets, "MAX_ROWS", 50)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *args, **kwargs: pytest.fail("the workbook was loaded"))
    with pytest.raises(PlanParseError) as refused:
        read_document(workbook_bytes(workbook), "大表.xlsx")
    assert str(refused.value) == "大表.xlsx：工作簿超过 50 行（任务分工表不会这么长），请删去无关的工作表或行后上传"


def test_a_workbook_with_more_cells_than_a_plan_has_is_refused(monkeypatch):
    from duban.plans.parsing import sheets

    workbook = openpyxl.Workbook()
    workbook.active.append([f"列{n}" for n in range(300)])
    monkeypatch.setattr(sheets, "MAX_CELLS", 200)
    with pytest.raises(PlanParseError, match="宽表.xlsx：工作簿超过 200 个单元格"):
        read_document(workbook_bytes(workbook), "宽表.xlsx")


def test_merged_cells_are_read_for_each_sheet_of_a_workbook():
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes.append(["本表由区政府办公室编制"])
    table = workbook.create_sheet("任务分工")
    table.append(["序号", "工作任务", "具体措施", "牵头单位"])
    table.append([1, "优化审批服务", "推行承诺制审批。", "审批局"])
    table.append([None, None, "推行容缺受理。", "政务服务中心"])
    table.merge_cells("A2:A3")
    table.merge_cells("B2:B3")
    parsed = parse_document(workbook_bytes(workbook), "分工表.xlsx")
    assert rows_of(parsed) == [
        ("1", "优化审批服务", [("1", "推行承诺制审批。", ["审批局"], [], None), ("2", "推行容缺受理。", ["政务服务中心"], [], None)])
    ]


def test_an_old_workbook_with_more_rows_than_a_plan_has_is_refused(monkeypatch):
    from duban.plans.parsing import sheets

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("表")
    for n in range(60):
        sheet.write(n, 0, n)
    monkeypatch.setattr(sheets, "MAX_ROWS", 50)
    with pytest.raises(PlanParseError, match="大表.xls：工作簿超过 50 行"):
        read_document(workbook_bytes(workbook), "大表.xls")
