"""Who sees the leaders' dashboard (领导驾驶舱) — the one place this rule lives.

- leaders (领导), for whom it is made, and the steering office (领导小组办公室), which runs the plan;
- the assessment office (绩效办): it scores departments on the same timeliness and targets, and it
  already reads every item status and report of the zone (the ledger's zone readers), so the
  dashboard shows it nothing new;
- not a department's liaison or head: the page ranks departments against one another and lists
  every department's red items, zone-wide figures a department does not read anywhere else (the
  督办总览 is closed to it too).  They get 403; another zone's plan is 404.
"""

from duban.accounts.models import Role

DASHBOARD_ROLES = (Role.LEADER, Role.OFFICE, Role.ASSESSOR)


def can_see_dashboard(user) -> bool:
    return bool(user.is_authenticated and user.zone_id and user.has_role(*DASHBOARD_ROLES))
