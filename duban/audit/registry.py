"""The one way an app puts its models under audit.

Each app calls ``audit(Model)`` from its ``AppConfig.ready()``::

    from duban.audit.registry import audit
    audit(Report, exclude_fields=["revision"])

django-auditlog then writes a ``LogEntry`` on every create, update and delete of the model,
with the actor and remote address that ``AuditlogMiddleware`` picked up from the request.

Convention: an audited model carries its zone and says so through
``get_additional_data(self) -> {"zone": self.zone_id}``.  auditlog stores that dict in
``LogEntry.additional_data`` (a JSONField), so the zone-wide log is one filter,
``additional_data__zone=<id>``, on SQLite and PostgreSQL alike.  ``audit()`` refuses a model
without it: an entry that cannot be placed in a zone would be invisible to every office.
"""

from collections.abc import Iterable

from auditlog.registry import auditlog
from django.core.exceptions import ImproperlyConfigured
from django.db import models

#: Fields no model's trail should show: bookkeeping that changes on every save, not a decision.
ALWAYS_EXCLUDED = ("updated_at",)


def audit(
    model: type[models.Model],
    *,
    exclude_fields: Iterable[str] = (),
    mapping_fields: dict[str, str] | None = None,
    m2m_fields: Iterable[str] = (),
    concealed_fields: Iterable[str] = (),
) -> type[models.Model]:
    """Record every create, update and delete of ``model`` in the audit trail.

    ``exclude_fields``: fields left out of the before → after diff (noise such as an optimistic
    revision counter).  ``updated_at`` and binary fields are always left out — a timestamp that
    moves on every save says nothing, and raw bytes cannot be shown.  ``mapping_fields``: labels
    for fields, when a field's ``verbose_name`` is not the label the trail should show.
    ``m2m_fields``: many-to-many fields whose additions and removals are recorded too (each
    ``set()`` is one entry per direction, naming the related rows, e.g. a meeting's attendees).
    ``concealed_fields``: fields whose change is recorded but never their value (a password hash:
    auditlog's own masking would keep half of it), shown as ``CONCEALED``.

    Returns the model, so it may also be used as a class decorator.
    """
    if not callable(getattr(model, "get_additional_data", None)):
        raise ImproperlyConfigured(
            f"{model.__name__} needs get_additional_data() returning {{'zone': self.zone_id}} "
            "to be audited: the zone-wide audit log filters on it."
        )
    field_names = {f.name for f in model._meta.concrete_fields}
    excluded = set(exclude_fields)
    unknown = excluded - field_names
    if unknown:  # a typo here would silently put the field back in the trail
        raise ImproperlyConfigured(f"{model.__name__} has no field(s) {sorted(unknown)} to exclude from audit")
    m2m = set(m2m_fields)
    not_m2m = m2m - {f.name for f in model._meta.many_to_many}
    if not_m2m:
        raise ImproperlyConfigured(f"{model.__name__} has no many-to-many field(s) {sorted(not_m2m)} to audit")
    excluded |= {name for name in ALWAYS_EXCLUDED if name in field_names}
    excluded |= {f.name for f in model._meta.concrete_fields if isinstance(f, models.BinaryField)}
    excluded.add(model._meta.pk.name)  # the entry names its object already
    # Only the model's own columns: left to itself auditlog also "diffs" reverse relations,
    # recording meaningless values such as "ledger.Report.None" on every create.
    tracked = [f.name for f in model._meta.concrete_fields if f.name not in excluded]
    # auditlog appends its global exclusions to the lists it is given: hand it fresh ones.
    auditlog.register(
        model,
        include_fields=tracked,
        exclude_fields=sorted(excluded),
        mapping_fields=dict(mapping_fields or {}),
        m2m_fields=m2m,
        mask_fields=list(concealed_fields),
        mask_callable="duban.audit.registry.conceal",
    )
    return model


CONCEALED = "（已隐藏）"


def conceal(value: str) -> str:
    return CONCEALED


def audited_models() -> list[type[models.Model]]:
    """Every model under audit, for the log's record-type filter."""
    return auditlog.get_models()
