"""Following an export as its user does: asked for (a POST), built — by a worker when it went to
one — and downloaded."""

from django.urls import resolve, reverse

from duban.jobs.runner import run_pending


def downloaded(client, asked):
    """The download's response for ``asked``, the answer to the POST that asked for the export: a
    redirect to the file (built in the request) or to the export's page (queued: a worker runs it here)."""
    assert asked.status_code == 302, asked.content
    match = resolve(asked["Location"])
    if match.url_name != "download":
        assert match.view_name == "exports:detail", asked["Location"]
        run_pending()
    response = client.get(reverse("exports:download", args=[match.kwargs["export_id"]]))
    assert response.status_code == 200, response
    return response


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def exported(client, url: str, data=None) -> bytes:
    """POST to the export ``url`` and return the file's bytes."""
    return content(downloaded(client, client.post(url, data or {})))
