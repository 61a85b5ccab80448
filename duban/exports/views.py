"""我的导出, an export's page (its progress polled with htmx), and the download.  Rules: permissions.py."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duban.accounts.permissions import zone_member_required
from duban.jobs.workers import latest_beat

from . import files, permissions
from .models import Export


@require_GET
@zone_member_required
def export_list(request):
    page = Paginator(permissions.own_exports(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "exports/list.html", {"page": page})


def _progress_context(export: Export) -> dict:
    return {"export": export, "worker_running": latest_beat() is not None if export.in_progress else None}


@require_GET
@zone_member_required
def detail(request, export_id):
    export = permissions.get_export(request.user, export_id)
    return render(request, "exports/detail.html", _progress_context(export))


@require_GET
@zone_member_required
def progress(request, export_id):
    """The page's progress box, polled every second while the export is queued or being built."""
    export = permissions.get_export(request.user, export_id)
    return render(request, "exports/_progress.html", _progress_context(export))


@require_GET
@zone_member_required
def download(request, export_id):
    export = permissions.get_export(request.user, export_id)
    if not export.available:
        raise Http404("文件尚未生成或已过期")
    kind = permissions.check_download(request.user, export)
    path = files.path_of(export.zone_id, export.stored_name)
    if not path.is_file():  # removed by hand, or a database restored without it
        raise Http404("文件已不存在，请重新导出")
    return FileResponse(path.open("rb"), as_attachment=True, filename=export.file_name,
                        content_type=kind.content_type)
