"""The calendar page and the office's changes to it: thin views that check permission, call a function, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from duban.accounts.permissions import require, zone_member_required

from . import editing
from .forms import CalendarQueryForm, CoverYearForm, EntryForm
from .models import CalendarLayer
from .permissions import DENIED, editable_layers, get_entry_to_delete, get_year_to_withdraw, keeps_shared_layers
from .queries import calendar_view


@require_GET
@zone_member_required
def calendar_page(request):
    query = CalendarQueryForm(request.GET)
    query.is_valid()  # an invalid year or region falls back to this year, the zone's calendar
    params = query.cleaned_data
    return _render(request, params.get("year"), params.get("region") or None)


@require_POST
@zone_member_required
def add_entry(request):
    layers = editable_layers(request.user)
    require(bool(layers), DENIED)
    form = EntryForm(request.POST, layers=layers)
    if form.is_valid():
        layer, entry = form.cleaned_data["layer"], form.entry()
        try:
            row = editing.add_entry(layer=layer, zone=_zone_for(request, layer), entry=entry, user=request.user)
        except editing.CalendarEditError as error:
            form.add_error(None, str(error))
        else:
            waiting = "；该年尚未登记为已录入，登记后生效" if editing.waits_for_its_year(row) else "，即时生效"
            messages.success(request, f"已录入{date_format(entry.date, 'DATE_FORMAT')}{entry.name}{waiting}")
            return _back_to(entry.date.year)
    return _render(request, _year_of(form, "date"), None, entry_form=form)


@require_POST
@zone_member_required
def delete_entry(request, entry_id: int):
    entry = get_entry_to_delete(request.user, entry_id)
    editing.delete_entry(entry)
    messages.success(request, f"已删除{date_format(entry.date, 'DATE_FORMAT')}{entry.name}")
    return _back_to(entry.date.year)


@require_POST
@zone_member_required
def cover_year(request):
    require(keeps_shared_layers(request.user), DENIED)  # years belong to the shared layers only
    layers = editable_layers(request.user)
    form = CoverYearForm(request.POST, layers=layers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = editing.cover_year(user=request.user, **data)
        except editing.CalendarEditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已登记{row}，该年的录入即时生效")
            return _back_to(row.year)
    return _render(request, _year_of(form, "year"), None, cover_form=form)


@require_POST
@zone_member_required
def withdraw_year(request, covered_year_id: int):
    row = get_year_to_withdraw(request.user, covered_year_id)
    try:
        editing.uncover_year(row)
    except editing.CalendarEditError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已撤销登记：{row}")
    return _back_to(row.year)


def _render(request, year, region, entry_form=None, cover_form=None):
    view = calendar_view(request.user, year, region)
    layers = editable_layers(request.user)
    context = {
        "view": view,
        "grid": view.grid,
        "region": region or "",
        "regions": CalendarQueryForm.base_fields["region"].choices,
        "can_edit": bool(layers),
    }
    if layers:
        context["entry_form"] = entry_form or EntryForm(layers=layers)
        if keeps_shared_layers(request.user):
            context["cover_form"] = cover_form or CoverYearForm(layers=layers, initial={"year": view.grid.year})
    return render(request, "workdays/calendar.html", context)


def _zone_for(request, layer: str):
    return request.user.zone if layer == CalendarLayer.ZONE else None


def _year_of(form, field: str) -> int | None:
    """The year a refused form was about (its date's, or the year field), to show that year again."""
    value = form.cleaned_data.get(field)
    return value.year if field == "date" and value else value


def _back_to(year: int):
    return redirect(f"{reverse('workdays:calendar')}?{urlencode({'year': year})}")
