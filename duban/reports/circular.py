"""情况通报: the departments ranked by how timely they filed their ledger reports on a plan.

Every figure is ``ledger.timeliness`` as of today (owed: the cycles whose due date has passed):

- 一、总体情况: owed, on time, late, missing, returned and the rate over the plan, and the trend
  cycle by cycle;
- 二、各部门排名: the departments in timeliness' order and with its places (``rank``: best rate
  first; equal rates, fewer missing first; equal on both, a shared place, 1, 2, 2, 4; those that
  owed nothing yet last, without a place) — the places the dashboard shows too;
- 三、表扬与督促: those that filed every report on time, and those with reports still missing.
"""

from __future__ import annotations

from datetime import date

from duban.documents.gongwen import Gongwen, issue_date
from duban.ledger.timeliness import timeliness
from duban.plans.models import Plan

from .naming import issuing_office, plan_work
from .wording import percent


def write(plan: Plan, today: date) -> bytes:
    figures = timeliness(plan, today)
    zone_name = plan.zone.name
    doc = Gongwen()
    doc.title(f"关于{plan_work(plan.title)}台账报送情况的通报")
    doc.addressee("各部门：")
    doc.paragraph(f"按照《{plan.title}》台账报送要求，现将截至{issue_date(today)}各部门台账报送情况通报如下。")

    doc.heading(1, "总体情况")
    cycles = figures.cycles
    if not cycles:
        doc.paragraph("目前尚无已到报送截止日期的台账。")
    else:
        returned = sum(d.returned for d in figures.departments)
        late = sum(d.late for d in figures.departments)
        missing = sum(d.missing for d in figures.departments)
        doc.paragraph(
            f"{cycles[0].cycle.label}至{cycles[-1].cycle.label}共{len(cycles)}期台账已到报送截止日期，各部门应报"
            f"{figures.due}份，按时报送{figures.on_time}份，逾期报送{late}份，未报送{missing}份，"
            f"被退回{returned}次，按时报送率{percent(figures.on_time, figures.due)}。各期情况如下："
        )
        doc.table(["周期", "截止日期", "应报", "按时", "逾期", "未报", "按时率"],
                  [[c.cycle.label, issue_date(c.cycle.due), c.due, c.on_time, c.late, c.missing,
                    percent(c.on_time, c.due)] for c in cycles],
                  widths=[2.2, 2.8, 1, 1, 1, 1, 1.4])

    doc.heading(1, "各部门排名")
    departments = figures.departments
    doc.paragraph("按按时报送率由高到低排列，按时报送率相同的，未报送份数少的在前：")
    doc.table(["名次", "部门", "应报", "按时", "逾期", "未报", "退回", "按时率"],
              [[d.rank, d.department.display_name, d.due, d.on_time, d.late, d.missing, d.returned,
                percent(d.on_time, d.due)] for d in departments],
              widths=[1, 3, 1, 1, 1, 1, 1, 1.4])

    doc.heading(1, "表扬与督促")
    all_on_time = [d.department.name for d in departments if d.due and d.on_time == d.due]
    doc.heading(2, "全部按时报送的部门。", f"{'、'.join(all_on_time)}，予以表扬。" if all_on_time else "无。")
    missing = sorted((d for d in departments if d.missing), key=lambda e: -e.missing)
    doc.heading(2, "存在未报送台账的部门。",
                "、".join(f"{e.department.name}（{e.missing}份）" for e in missing) + "，请抓紧补报。"
                if missing else "无。")
    doc.signature(issuing_office(zone_name, plan.title), today)
    return doc.to_bytes()
