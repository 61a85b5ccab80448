"""Several targets measured together give each the figures it has alone, for the queries of one."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.cases.targets import target_actual, target_actuals
from duban.plans.models import Target

TODAY = date(2020, 7, 10)


def figures(actual):
    return actual.colour, actual.provisional, [(r.service_type.pk, r.count, r.median, r.within_share, r.reason)
                                               for r in actual.rows]


def test_targets_measured_together_match_each_measured_alone(plan, gas, water, make_case):
    gas_target = Target.objects.get(item__task__plan=plan, subject="居民燃气报装时间")  # ≤ 3 工作日
    water_target = Target.objects.get(item__task__plan=plan, subject="用水报装时间")  # ≤ 20 工作日
    unmeasured = Target.objects.get(item__task__plan=plan, subject="企业燃气报装时间")  # no service type
    gas.target, water.target = gas_target, water_target
    gas.calendar_region = water.calendar_region  # one calendar: each calendar is looked up once, whatever its types
    gas.save()
    water.save()
    for completed in ["2020-06-02", "2020-06-03", "2020-06-08"]:
        make_case(gas, "2020-06-01", completed)
    for completed in ["2020-06-10", "2020-07-08"]:
        make_case(water, "2020-06-01", completed)

    together = target_actuals([water_target, unmeasured, gas_target], TODAY)
    assert [a.target for a in together] == [water_target, unmeasured, gas_target]
    assert figures(together[0]) == figures(target_actual(water_target, TODAY))
    assert figures(together[2]) == figures(target_actual(gas_target, TODAY))
    assert together[1].rows == [] and together[0].rows[0].count == 2 and together[2].rows[0].count == 3

    def queries(targets) -> int:
        with CaptureQueriesContext(connection) as captured:
            target_actuals(targets, TODAY)
        return len(captured)

    assert queries([water_target, gas_target]) == queries([gas_target])
