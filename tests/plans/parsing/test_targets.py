"""Target patterns, written generally; each case is a phrase as plans write it."""

import pytest

from duban.plans.parsing.targets import find_targets


def read(text):
    return [(t.subject, t.comparator, t.value, t.unit, t.kind) for t in find_targets(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("用水报装时间不超过20个工作日。", ("用水报装时间", "<=", 20, "工作日")),
        ("企业开办时间压缩至2个工作日以内。", ("企业开办时间", "<=", 2, "工作日")),
        ("将不动产登记时间压减到5个工作日。", ("不动产登记时间", "<=", 5, "工作日")),
        ("工程建设项目审批时间控制在80个工作日内。", ("工程建设项目审批时间", "<=", 80, "工作日")),
        ("将办电环节压减至三个。", ("办电环节", "<=", 3, "环节")),
        ("申报材料精简至5份。", ("申报材料", "<=", 5, "份")),
        ("一般登记事项3个工作日内办结。", ("一般登记事项办结时间", "<=", 3, "工作日")),
        ("将项目环评审批时间压缩至法定时限的一半。", ("环评审批时间", "<=", 0.5, "法定时限")),
        ("审批时间压缩至法定时限的40%。", ("审批时间", "<=", 0.4, "法定时限")),
        ("实现开发区小微企业100千伏安以下低压接入。", ("小微企业低压接入", "<=", 100, "千伏安")),
        ("政务服务事项网上可办率达到90%以上。", ("政务服务事项网上可办率", ">=", 90, "%")),
        ("实现政务服务事项网上可办率达到95%以上。", ("政务服务事项网上可办率", ">=", 95, "%")),
        ("政务服务事项网上可办率90%以上。", ("政务服务事项网上可办率", ">=", 90, "%")),
        ("培训人数不少于200人。", ("培训人数", ">=", 200, "人")),
        ("办件满意率保持在99%。", ("办件满意率", "=", 99, "%")),
        ("持续打造3个工业旅游景点。", ("工业旅游景点", ">=", 3, "个")),
        ("新建两个便民服务站。", ("便民服务站", ">=", 2, "个")),
        ("引进5家物流企业。", ("物流企业", ">=", 5, "家")),
    ],
)
def test_one_target(text, expected):
    assert read(text) == [(*expected, "quantity")]


def test_a_list_of_subjects_with_respective_values():
    assert read("将高压、低压客户办电环节分别压减至4个、3个。") == [
        ("高压客户办电环节", "<=", 4, "环节", "quantity"),
        ("低压客户办电环节", "<=", 3, "环节", "quantity"),
    ]


def test_values_sharing_one_unit():
    assert read("供水、供气报装时间分别压缩至10个、8个工作日。") == [
        ("供水报装时间", "<=", 10, "工作日", "quantity"),
        ("供气报装时间", "<=", 8, "工作日", "quantity"),
    ]


def test_subjects_sharing_one_value_are_one_target():
    assert read("扩容、改装及临时用水报装时间均不超过15个工作日。") == [
        ("扩容、改装及临时用水报装时间", "<=", 15, "工作日", "quantity")
    ]


def test_a_subject_cut_short_borrows_the_rest_of_the_one_before():
    assert read("低压客户办电环节压减至3个，具备直接装表条件的低压客户进一步压减至2个。") == [
        ("低压客户办电环节", "<=", 3, "环节", "quantity"),
        ("具备直接装表条件的低压客户办电环节", "<=", 2, "环节", "quantity"),
    ]


def test_a_count_after_a_build_clause_is_built_too():
    assert read("支持建设社区卫生服务站4个，中西医综合门诊部1个。") == [
        ("社区卫生服务站", ">=", 4, "个", "quantity"),
        ("中西医综合门诊部", ">=", 1, "个", "quantity"),
    ]


def test_deliverables_are_documents_the_item_makes():
    assert read("制定《闲置土地处置实施方案》，出台《报装服务指南》和《收费清单》。") == [
        ("《闲置土地处置实施方案》", None, None, "", "deliverable"),
        ("《报装服务指南》", None, None, "", "deliverable"),
        ("《收费清单》", None, None, "", "deliverable"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "对列入《环境影响评价审批正面清单》中的项目实行环评豁免管理。",  # a document referred to
        "严格落实《自治州2020年深化“放管服”改革任务分工方案》。",
        "优化10千伏及以下电力工程建设审批流程。",  # a scope, not a goal
        "对100万元以上项目实行联合审查。",
        "进一步压缩供水新装、扩容改装、燃气报装时间。",  # no number
        "打造一条龙服务，推行一件事一次办。",  # idioms, not counts
        "控制在一定范围内。",
        "按照区、州党委“1+3”总体工作部署。",
        "推动昌吉州第十九职业技能鉴定所在准东开展职业技能鉴定。",
        "探索出台适应新业态特点的监管意见。",  # a deliverable needs its 《title》
        "中西医综合门诊部1个。",  # a count with nothing built before it
    ],
)
def test_no_target(text):
    assert read(text) == []


def test_target_remembers_the_phrase_it_was_read_from():
    (target,) = find_targets("优化水气报装服务。用水报装时间不超过20个工作日，扩容不超过15个工作日。")[:1]
    assert target.source == "用水报装时间不超过20个工作日"


def test_a_subject_cut_short_borrows_from_the_latest_subject_it_overlaps():
    # Two earlier subjects begin with 低压客户: the later one lends its rest.
    text = "低压客户办电环节压减至3个，低压客户接电时间不超过5个工作日，具备直接装表条件的低压客户进一步压减至2个工作日。"
    assert read(text)[-1] == ("具备直接装表条件的低压客户接电时间", "<=", 2, "工作日", "quantity")


def test_an_item_of_thousands_of_clauses_is_read_in_time_proportional_to_it():
    # Completing a subject looks up the item's earlier subjects by their beginnings, not one by one:
    # 8,000 clauses once took half a minute (each compared with every subject before it).
    import time

    text = "第{0}类事项办理时间不超过3个工作日，第{0}类事项网上可办率达到90%以上。"
    started = time.perf_counter()
    targets = find_targets("".join(text.format(n) for n in range(4000)))
    assert len(targets) == 8000 and targets[-1].subject == "第3999类事项网上可办率"
    assert time.perf_counter() - started < 10  # about 0.3 s; 30 s and more when it was quadratic
