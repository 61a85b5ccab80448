"""Text pasted from a web page: paragraph breaks lost, headings missing."""

from duban.plans.parsing import parse_plan
from duban.plans.parsing.text import paragraphs_of


def test_a_whole_plan_on_one_line_is_cut_into_its_paragraphs():
    line = (
        "某区2021年优化营商环境工作方案 为优化营商环境，制定本方案。 一、 主要任务 （一） 优化审批服务 "
        "1、推行承诺制审批，对企业投资项目实行告知承诺制。 牵头单位：审批局 配合单位：经发局、财政局 "
        "2、推行容缺受理，压减申报材料。 牵头单位：政务服务中心 （二）规范涉企收费 清理涉企收费。 牵头单位：财政局"
    )
    parsed = parse_plan(line)
    assert parsed.title == "某区2021年优化营商环境工作方案"
    assert parsed.description == "为优化营商环境，制定本方案。"
    assert [(task.title, [(item.number, item.text, item.lead, item.cooperating) for item in task.items]) for task in parsed.tasks] == [
        (
            "优化审批服务",
            [
                ("1", "推行承诺制审批，对企业投资项目实行告知承诺制。", ["审批局"], ["经发局", "财政局"]),
                ("2", "推行容缺受理，压减申报材料。", ["政务服务中心"], []),
            ],
        ),
        ("规范涉企收费", [("", "清理涉企收费。", ["财政局"], [])]),
    ]
    assert {(item.line_start, item.line_end) for item in parsed.items} == {(1, 1)}
    # Each item knows its own paragraph in that one line, and shows only that beside it.
    assert [item.source([line]) for item in parsed.items] == [
        [(1, "1、推行承诺制审批，对企业投资项目实行告知承诺制。")],
        [(1, "2、推行容缺受理，压减申报材料。")],
        [(1, "清理涉企收费。")],
    ]
    assert parsed.items[0].to_json()["columns"] == [
        line.index("1、推行"), line.index("1、推行") + len("1、推行承诺制审批，对企业投资项目实行告知承诺制。")
    ]


def test_spaces_inside_a_long_paragraph_do_not_cut_it():
    line = "牵头单位： 审批局、经发局" + "，推行承诺制审批" * 30 + " Windows 10 系统"
    assert paragraphs_of(line) == [line.strip()]


def test_a_typed_paragraph_with_a_stray_space_is_not_cut():
    # One line, one paragraph: a space after its one full stop, spaces around "2、3" (months, not items).
    line = (
        "（一）推行承诺制审批。 对企业投资项目实行告知承诺制，分 2、3 两批推进，"
        + "逐项明确承诺事项、承诺标准和监管措施，" * 5
        + "牵头单位：审批局"
    )
    assert len(line) >= 100
    assert paragraphs_of(line) == [line]


def test_numbers_that_list_numbers_start_no_paragraph():
    line = "为优化营商环境，制定本方案。 一、主要任务。 推行承诺制审批" + "，压减审批时间" * 12 + "，分 2、3 月两批推进。 牵头单位：审批局"
    assert paragraphs_of(line) == [
        "为优化营商环境，制定本方案。",
        "一、主要任务。",
        "推行承诺制审批" + "，压减审批时间" * 12 + "，分 2、3 月两批推进。",
        "牵头单位：审批局",
    ]


def test_short_lines_are_never_cut():
    assert paragraphs_of("推行承诺制。 牵头单位：审批局") == ["推行承诺制。 牵头单位：审批局"]


def test_tasks_without_numbers_are_closed_by_their_blocks():
    parsed = parse_plan(
        "今年省农业农村厅有哪些重点工作任务\n"
        "粮食产量1268万吨以上\n"
        "部门分工：省农业农村厅牵头，各地、各部门配合。\n"
        "大力推进战略性产业集群建设\n"
        "工作措施：完成政策文件的中期评估。出台专项行动计划。\n"
        "部门分工：省工业和信息化厅牵头，省发展改革委、科技厅等配合。\n"
    )
    assert [(task.title, [(item.text, item.lead, item.cooperating) for item in task.items]) for task in parsed.tasks] == [
        ("粮食产量1268万吨以上", [("粮食产量1268万吨以上", ["省农业农村厅"], ["各地", "各部门"])]),
        ("大力推进战略性产业集群建设", [("完成政策文件的中期评估。出台专项行动计划。", ["省工业和信息化厅"], ["省发展改革委", "科技厅"])]),
    ]


def test_an_item_of_whole_lines_shows_them_whole():
    parsed = parse_plan("某区2021年工作方案\n二、主要任务\n（一）优化审批服务\n推行承诺制审批。\n牵头单位：审批局")
    (item,) = parsed.items
    assert item.source(["某区2021年工作方案", "二、主要任务", "（一）优化审批服务", "推行承诺制审批。"]) == [(4, "推行承诺制审批。")]
    assert "columns" not in item.to_json()
