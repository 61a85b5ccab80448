"""The default scheme (默认考核方案), as docs/assessment.md explains it part by part.

Pure, like scoring.py: a plan without a saved scheme is scored with it, and the assessment
office's scheme page starts from it.
"""

from decimal import Decimal as D

from .scoring import BONUS, DEDUCTION, DISQUALIFY, ENTRY, WEIGHTED, Part, Rule, Scheme

DEFAULT_PARTS = (
    Part("completion", D(30)),
    Part("timeliness", D(15)),
    Part("quality", D(10)),
    Part("meetings", D(10)),
    Part("targets", D(15)),
    Part("satisfaction", D(10)),
    Part("cooperation", D(10)),
)

DEFAULT_RULES = (
    Rule("commendation", "工作受到上级表彰或肯定性批示", ENTRY, BONUS, D(2), D(1), cap=D(4)),
    Rule("promotion", "改革经验被上级发文推广", ENTRY, BONUS, D(2), D(1), cap=D(2)),
    Rule("unanswered_notice", "督办通知未按期回复", "unanswered_notice", DEDUCTION, D(1), D(1), cap=D(3)),
    Rule("criticism", "被上级通报批评", ENTRY, DEDUCTION, D(3), D(3), cap=D(6)),
    Rule("failed_items", "任务未完成且无正当理由", "failed_item", DISQUALIFY, threshold=2, once_per_item=True),
    Rule("untrue_report", "报送情况不实", ENTRY, DISQUALIFY, threshold=1),
)

DEFAULT_SCHEME = Scheme(
    style=WEIGHTED, parts=DEFAULT_PARTS, rules=DEFAULT_RULES, bonus_cap=D(5), deduction_cap=D(10),
    no_double_count=True,
)
