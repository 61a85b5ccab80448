"""What each URL keyword names, and who owns it: the one mapping the URL walks read.

The permission walk (test_permissions.py) calls every URL pattern of the project as department
A's liaison, filling each keyword with department B's objects from this table.  A keyword that
is not listed here fails the walk — so a new view is covered the moment it is added, as long as
its keywords are described here.

To add a keyword: one line in ``OWNERSHIP``, naming one or more fixtures (in
tests/security/conftest.py) that return B's object(s) — a model instance (its pk is used), a
list of values, or a plain value:

    "meeting_id": Keyword(DEPARTMENT, "b_meeting"),

Owners:
- DEPARTMENT: B's own record.  A must be refused (403 or 404) whatever the method, must not see
  B's private text, and nothing may change.
- ZONE: readable by the whole zone (a plan, an item, a department).  A may open it, but must not
  see B's private text through it.
- VALUE: not a record (e.g. the name of a transition); tried with every listed value.
"""

from dataclasses import dataclass

DEPARTMENT, ZONE, VALUE = "department", "zone", "value"


@dataclass(frozen=True)
class Keyword:
    owner: str
    fixtures: tuple[str, ...]

    def __init__(self, owner: str, *fixtures: str):
        assert owner in (DEPARTMENT, ZONE, VALUE), owner
        object.__setattr__(self, "owner", owner)
        object.__setattr__(self, "fixtures", fixtures)


OWNERSHIP = {
    # ledger
    "report_id": Keyword(DEPARTMENT, "b_draft_report", "b_submitted_report", "b_approved_report", "b_accepted_report"),
    "evidence_id": Keyword(DEPARTMENT, "b_evidence", "b_draft_evidence"),
    "action": Keyword(VALUE, "report_actions"),
    # plans: the whole zone reads the plan, its items and the department registry
    "item_id": Keyword(ZONE, "b_item"),
    "plan_id": Keyword(ZONE, "plan"),
    "department_id": Keyword(ZONE, "dept_b"),
    # meetings: B's meeting (B hosts, A neither attends nor owns an action) and its follow-up action
    "meeting_id": Keyword(DEPARTMENT, "b_meeting"),
    "decision_id": Keyword(DEPARTMENT, "b_decision"),
    # supervision: a 督办通知 addressed to B (open, and one B has answered)
    "notice_id": Keyword(DEPARTMENT, "b_notice", "b_replied_notice"),
    # cases: B's case (personal data); the zone reads the catalogue, measures and targets;
    # import jobs and API tokens are the office's
    "case_id": Keyword(DEPARTMENT, "b_case"),
    "stop_id": Keyword(DEPARTMENT, "b_clock_stop"),
    "service_type_id": Keyword(ZONE, "b_service_type"),
    "target_id": Keyword(ZONE, "b_target"),
    "job_id": Keyword(ZONE, "b_import_job"),  # the office's; a department is refused (403)
    "token_id": Keyword(ZONE, "b_api_token"),  # the office's; a department is refused (403)
    "number": Keyword(VALUE, "b_case_numbers"),
    "path": Keyword(VALUE, "unknown_api_paths"),  # any other path under /api/: a JSON 404 for everyone
    # workdays: the calendar is the zone's (its own rest day) or shared (a national year's notice);
    # every user reads it, only the office edits it
    "entry_id": Keyword(ZONE, "b_calendar_entry"),
    "covered_year_id": Keyword(ZONE, "b_covered_year"),  # /api/cases/<number>: bearer token only, a session gets 401
    # accounts: B's liaison and head, whose password only the office resets
    "user_id": Keyword(ZONE, "liaison_b", "head_b"),  # the office's; a department is refused (403)
    # closing: the zone's reconciliation (its overview of every department is for the office, the
    # assessment office and leaders); B's 对账单, its lines (applied, decided) and B's evidence file
    "reconciliation_id": Keyword(ZONE, "b_reconciliation"),
    "sheet_id": Keyword(DEPARTMENT, "b_sheet"),
    "line_id": Keyword(DEPARTMENT, "b_applied_line", "b_decided_line"),
    "attachment_id": Keyword(DEPARTMENT, "b_attachment"),
    # reports: the department a 催办单 is addressed to — B downloads its own, A never B's
    "addressee_id": Keyword(DEPARTMENT, "dept_b"),
    # assessment: B's score lines are B's own; entries and appeal outcomes are the assessment office's
    # (a department is refused, 403), carrying B's text
    "scored_department_id": Keyword(DEPARTMENT, "dept_b"),
    "assessment_entry_id": Keyword(ZONE, "b_assessment_entry"),
    "appeal_id": Keyword(ZONE, "b_appeal"),
    # exports: B's liaison's export of B's ledger — served to its requester only, never to A
    "export_id": Keyword(DEPARTMENT, "b_export"),
}
