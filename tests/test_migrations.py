"""The migrations match the models: a model change without its migration fails here, not on a server."""

from io import StringIO

from django.core.management import call_command


def test_no_model_change_lacks_its_migration(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits 1 (SystemExit) on drift
    assert "No changes detected" in out.getvalue()
