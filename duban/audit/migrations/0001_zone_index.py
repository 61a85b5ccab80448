"""An index for the zone-wide log on PostgreSQL: its one filter, newest first.

``LogEntry.objects.filter(additional_data__zone=…)`` compiles to ``("additional_data" -> 'zone')
= '…'::jsonb`` on PostgreSQL, the expression indexed here.  SQLite, the embedded default for
small installations, goes without.
"""

from django.db import migrations

INDEX = "audit_logentry_zone_time"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON auditlog_logentry '
            f'(("additional_data" -> \'zone\'), "timestamp" DESC)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]
    operations = [migrations.RunPython(create, drop)]
