"""Whatever text comes in, the parser answers with a plan or a PlanParseError, nothing else."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.plans.parsing import PlanParseError, parse_plan

# Pieces of real plans, plus the odd characters that break naive parsers.
PLAN_FRAGMENTS = [
    *["一、", "二、主要任务", "三、工作要求", "总体要求", "保障措施", "（一）", "（十二）", "(三)", "1、", "2.", "3．", "（1）", "①"],
    *["具体任务：", "牵头部门：", "配合部门：", "牵头单位:", "责任单位：", "配合单位：", "完成时限：", "（牵头单位：", "牵头，", "配合）"],
    *["经发局", "组织部（人社局）", "奇台、木垒、吉木萨县协调办", "各部门", "等", "（牵头）"],
    *["2020年6月底前", "年底前", "6月30日前", "2月30日", "13月底", "持续推进", "2020年", "十", "〇"],
    *["不超过20个工作日", "压减至4个、3个", "分别压缩至", "、3个", "法定时限的一半", "建设", "4个", "打造3个", "制定《", "》"],
    *["实现100千伏安以下", "0.5", "99999999999", "1/2", "%", "以上", "以下"],
    *["、", "，", ",", "；", ";", "。", "：", ":", "（", "）", "(", ")", "《", "》", "“", "”"],
    *["\n", "\n\n", "\r\n", "\r", "\u3000", " ", "\t", "\x00", "\ufeff", "٣", "²", "- 3 -", "附件1", "工作方案"],
    *["序号\t工作任务\t牵头单位\t配合单位", "\t", "|", " |", "| --- |", "序号", "重点工作 |", "责任单位", "〃", "同上", "1\n", "2\n"],
    *["〔", "〕", "【", "】", "（审批局牵头，经发局配合）", "按职责分工负责", "审批局*", "以下政策措施均需各县落实", "各区、县级市"],
    *["现印发给你们", "2021年3月10日", "二〇二二年三月十日", "（此件主动公开）", "关于印发《", "》的通知", "部门分工：", "责任领导："],
    # Digits that str.isdigit() accepts and int() refuses, and zeros written as circles.
    *["①", "②", "⑴", "⑵", "⒈", "❶", "１", "２、", "３．", "²", "○", "〇", "二○二一年三月一日", "1、实现网上办理；2、压缩办理时间。"],
]


def assert_parses_or_refuses(text):
    try:
        plan = parse_plan(text)
    except PlanParseError as error:
        assert str(error)
        return
    assert plan.tasks
    assert all(task.items for task in plan.tasks)
    json.dumps(plan.to_json(), ensure_ascii=False)


def test_circled_items_whose_text_numbers_its_own_steps():
    # "①" is a digit to str.isdigit(), not to int(): the steps "1、…；2、…" inside item ① once
    # crashed the parser (HTTP 500 on upload).
    plan = parse_plan(
        "准东开发区2021年工作方案\n二、主要任务\n（一）深化商事制度改革\n"
        "①推行企业登记全程电子化。1、实现网上办理；2、压缩办理时间。（牵头单位：市场监管分局）\n"
        "②推行电子营业执照。（牵头单位：市场监管分局）\n"
    )
    assert [(item.number, item.text) for item in plan.items] == [
        ("①", "推行企业登记全程电子化。1、实现网上办理；2、压缩办理时间。"),
        ("②", "推行电子营业执照。"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text(text):
    assert_parses_or_refuses(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PLAN_FRAGMENTS), st.text(max_size=4)), max_size=60))
def test_text_built_from_plan_fragments(fragments):
    assert_parses_or_refuses("".join(fragments))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PLAN_FRAGMENTS), min_size=1, max_size=40), st.data())
def test_plan_lines_in_any_order(fragments, data):
    lines = data.draw(st.permutations(fragments))
    assert_parses_or_refuses("\n".join(lines))



# Ways of numbering a task's items, including characters that only look like digits to str.isdigit().
NUMBERINGS = [
    ["1、", "2、", "3、"], ["1.", "2.", "11."], ["１．", "２．", "３．"], ["（1）", "（2）", "（3）"], ["①", "②", "③"],
    ["⑴", "⑵", "⑶"], ["⒈", "⒉", "⒊"], ["❶", "❷", "❸"], ["一、", "二、", "三、"], ["〇、", "○、", "一、"],
]
STEPS = ["。1、实现网上办理；2、压缩办理时间。", "。2.5亿元", "；3、", "（牵头单位：市场监管分局）", "。（审批局牵头负责）"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(NUMBERINGS),
    st.lists(st.lists(st.one_of(st.sampled_from(STEPS), st.sampled_from(PLAN_FRAGMENTS), st.text(max_size=3)), max_size=8), min_size=1, max_size=9),
)
def test_items_numbered_in_any_style_inside_a_task(numbering, texts):
    lines = [f"{numbering[index % len(numbering)]}推行{''.join(text)}" for index, text in enumerate(texts)]
    assert_parses_or_refuses("\n".join(["某区2021年工作方案", "二、主要任务", "（一）深化商事制度改革", *lines]))
