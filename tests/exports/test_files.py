"""Export files are not data: the backup leaves them out (a restored export is made again)."""

import pytest

from duban.ledger import evidence as evidence_files
from duban.operations import backup

from .conftest import latest


@pytest.mark.django_db(transaction=True)
def test_the_backup_leaves_the_export_files_out_and_keeps_the_uploads(as_user, office, ask_ledger, tmp_path, zone):
    ask_ledger(as_user(office))
    assert latest().available
    evidence = evidence_files.store(zone.pk, b"%PDF-1.4 an upload")
    manifest = backup.create(tmp_path / "backup.tar.gz")
    files = [m for m in manifest.members if m.startswith("files/")]
    assert files == [f"files/evidence/{zone.pk}/{evidence}"]
