"""Who may see and do what with cases — the one place these rules live.

- every member of the zone reads the service catalogue and the measures (aggregates only);
- cases (the list, a case's page, exports) are read by the office, the assessment office and
  leaders for the whole zone, and by a department for the service types it is responsible for;
- personal data (an individual applicant's name, every phone number) is shown only to the office
  and to the responsible department; everyone else, and every export by default, sees it masked;
- 停止计时 (clock stops) is recorded by the office and by the responsible department's liaison or head;
- only the office imports cases and manages API tokens;
- objects of another zone are 404 (``get_object_or_404`` over the zone's querysets below).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from duban.accounts.models import Role

from .models import ApiToken, Case, ServiceType

ZONE_READERS = (Role.OFFICE, Role.ASSESSOR, Role.LEADER)


def reads_all_cases(user) -> bool:
    return user.is_authenticated and user.zone_id is not None and user.has_role(*ZONE_READERS)


def can_read_measures(user) -> bool:
    return user.is_authenticated and user.zone_id is not None


def service_types(user) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(zone_id=user.zone_id)


def visible_service_types_for_cases(user) -> QuerySet[ServiceType]:
    """The service types whose cases the user may read."""
    types = service_types(user)
    if reads_all_cases(user):
        return types
    if user.department_id:
        return types.filter(department_id=user.department_id)
    return types.none()


def visible_cases(user) -> QuerySet[Case]:
    cases = Case.objects.filter(zone_id=user.zone_id)
    if reads_all_cases(user):
        return cases
    if user.department_id:
        return cases.filter(service_type__department_id=user.department_id)
    return cases.none()


def can_read_cases(user) -> bool:
    return reads_all_cases(user) or visible_service_types_for_cases(user).exists()


def can_see_personal(user, service_type: ServiceType) -> bool:
    if not user.is_authenticated or user.zone_id != service_type.zone_id:
        return False
    if user.has_role(Role.OFFICE):
        return True
    return bool(user.department_id) and user.department_id == service_type.department_id


def can_record_stops(user, service_type: ServiceType) -> bool:
    """停止计时 is recorded by the office, and by the liaison or head of the department that handles the case."""
    if not user.is_authenticated or user.zone_id != service_type.zone_id:
        return False
    if user.has_role(Role.OFFICE):
        return True
    return (bool(user.department_id) and user.department_id == service_type.department_id
            and user.has_role(Role.LIAISON, Role.HEAD))


def can_import(user) -> bool:
    return user.is_authenticated and user.zone_id is not None and user.has_role(Role.OFFICE)


can_manage_tokens = can_import


def tokens(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(zone_id=user.zone_id)


# ---- masking ------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """张三 → 张*，欧阳修远 → 欧***."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234; other numbers keep their last 4 characters."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) == 11 and phone.isdigit():
        return f"{phone[:3]}****{phone[7:]}"
    return "*" * max(len(phone) - 4, 1) + phone[-4:]


def applicant_shown(case: Case, personal: bool) -> str:
    """Enterprises are public; an individual's name is masked unless ``personal``."""
    if personal or case.applicant_kind == Case.ApplicantKind.ENTERPRISE:
        return case.applicant_name
    return mask_name(case.applicant_name)


def phone_shown(case: Case, personal: bool) -> str:
    return case.phone if personal else mask_phone(case.phone)


# ---- the API ------------------------------------------------------------------------


def api_token(raw: str) -> ApiToken | None:
    """The active token with this raw value, or None."""
    if not raw:
        return None
    return ApiToken.objects.filter(token_hash=ApiToken.hash(raw), active=True).select_related("zone").first()


def api_cases(token: ApiToken) -> QuerySet[Case]:
    """A token reads and writes only its own zone's cases."""
    return Case.objects.filter(zone_id=token.zone_id)


def api_service_types(token: ApiToken) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(zone_id=token.zone_id)


def department_filter(user) -> Q:
    return Q() if reads_all_cases(user) else Q(service_type__department_id=user.department_id)
