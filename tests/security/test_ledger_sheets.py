"""The Excel ledger: department A never reads B's reports through an export or a fill-in sheet, and
cannot file B's sheet.  The URL walk opens these files with their default filters; here every cycle
in which B wrote something is asked for by name."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.exporting import downloaded

from .conftest import SECRET
from .urlwalk import database_writes
from .walking import body

B_CYCLES = ["2020年3月", "2020年4月", "2020年5月", "2020年6月"]  # b_world's reports


def test_a_cannot_export_b_s_ledger_nor_read_it_in_its_own(client, plan, b_world, liaison_a, head_a, dept_b):
    for user in (liaison_a, head_a):
        client.force_login(user)
        for label in B_CYCLES:
            cycle = plan.cycles.get(label=label).pk
            with database_writes() as written:
                asked = client.post(reverse("ledger:export", args=[plan.pk]), {"cycle": cycle, "department": dept_b.pk})
            assert asked.status_code == 403 and written == []  # refused before anything is recorded
            own = downloaded(client, client.post(reverse("ledger:export", args=[plan.pk]), {"cycle": cycle}))
            text = body(own)
            assert "部门：水务局" in text and SECRET not in text


def test_a_s_fill_in_sheet_holds_none_of_b_s_words(client, plan, b_world, liaison_a):
    client.force_login(liaison_a)
    for label in B_CYCLES:
        sheet = client.get(reverse("ledger:fill_in", args=[plan.pk]), {"cycle": plan.cycles.get(label=label).pk})
        assert sheet.status_code == 200 and SECRET not in body(sheet)


def test_a_cannot_upload_b_s_sheet(client, plan, b_world, liaison_a, liaison_b):
    client.force_login(liaison_b)
    june = plan.cycles.get(label="2020年6月").pk
    data = b"".join(client.get(reverse("ledger:fill_in", args=[plan.pk]), {"cycle": june}).streaming_content)
    client.force_login(liaison_a)
    with database_writes() as written:
        response = client.post(reverse("ledger:sheet_upload"),
                               {"file": SimpleUploadedFile("乙.xlsx", data, "application/octet-stream")})
    assert response.status_code == 400 and "这是规建局的填报表，只能由该部门上传" in response.content.decode()
    assert SECRET not in response.content.decode()
    assert written == []
