"""Data pages: spreadsheet imports with a dry-run preview (PMs only)."""

import secrets
from dataclasses import asdict

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import pm_required
from core.spreadsheets import csv_response
from desk.domain.encoding import CHOICES as ENCODINGS
from desk.forms import ImportForm
from desk.imports import KIND_CHOICES, KINDS, EncodingUnsure, ImportFileError, import_file
from desk.imports.legend import legend_for, template_for

SESSION_REPORT_KEY = "last_import_errors"
MAX_ERRORS_SHOWN = 200
UPLOAD_KEPT_SECONDS = 3600
KIND_TITLES = {
    "customers": gettext_lazy("Customers"),
    "personas": gettext_lazy("Key people"),
    "features": gettext_lazy("Features"),
    "commitments": gettext_lazy("Promises"),
    "incidents": gettext_lazy("Incidents"),
}  # a file whose encoding the user is choosing waits this long


def _upload_key(request, token: str) -> str:
    return f"import-upload:{request.user.pk}:{token}"


def _upload_keep(request, *, data: bytes, name: str) -> str:
    token = secrets.token_hex(16)
    cache.set(_upload_key(request, token), {"data": data, "name": name}, UPLOAD_KEPT_SECONDS)
    return token


def _upload(request, form) -> tuple[bytes, str] | None:
    """The bytes and name of the file: sent now, or kept from the step where the user chose its encoding."""
    if form.cleaned_data["file"]:
        upload = form.cleaned_data["file"]
        return upload.read(), upload.name
    kept = cache.get(_upload_key(request, form.cleaned_data["upload"]))
    return (kept["data"], kept["name"]) if kept else None


def _context(**extra) -> dict:
    limit = settings.PLEDGEBOARD["IMPORT_MAX_BYTES"]
    return {
        "kinds": KIND_CHOICES,
        "encodings": ENCODINGS,
        "legends": [(kind, KIND_TITLES[kind], legend_for(KINDS[kind])) for kind in KIND_CHOICES],
        "limit_mb": limit // (1024 * 1024),
        **extra,
    }


def _result(request, *, status: int = 200, **extra):
    template = "desk/data_import.html#result" if request.htmx else "desk/data_import.html"
    return render(request, template, _context(**extra), status=status)


@require_http_methods(["GET", "POST"])
@pm_required
def data_import(request):
    """Upload a CSV or XLSX file: "Preview" validates every row and keeps nothing; "Import" keeps all or nothing."""
    if request.method == "GET":
        return render(request, "desk/data_import.html", _context())
    limit = settings.PLEDGEBOARD["IMPORT_MAX_BYTES"]
    if int(request.headers.get("Content-Length") or 0) > limit + 64 * 1024:
        return _result(request, status=413, error=ImportForm.too_large % {"mb": limit // (1024 * 1024)})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        error, status = form.first_error
        return _result(request, status=status, error=error, form=form.choices)
    upload = _upload(request, form)
    if upload is None:
        return _result(request, status=422, error=_("The file is no longer kept: choose it again."), form=form.choices)
    data, filename = upload
    options = {"kind_name": form.cleaned_data["kind"], "encoding": form.cleaned_data["encoding"]}
    try:
        report = import_file(**options, data=data, filename=filename, user=request.user, commit=form.commit)
    except EncodingUnsure as unsure:
        # Ask which reading is right, showing each one's rows; the file waits so it need not be sent again.
        token = form.cleaned_data["upload"] or _upload_keep(request, data=data, name=filename)
        choose = {"readings": unsure.readings, "upload": token, "kind": options["kind_name"]}
        return _result(request, choose=choose, filename=filename, form=form.choices)
    except ImportFileError as exc:
        return _result(request, status=422, error=str(exc), form=form.choices)
    request.session[SESSION_REPORT_KEY] = [asdict(e) for e in report.errors[:10_000]]
    context = {"report": report, "errors": report.errors[:MAX_ERRORS_SHOWN], "filename": filename}
    return _result(request, status=422 if report.errors else 200, form=form.choices, **context)


@require_GET
@pm_required
def data_import_errors(request):
    """The rejected rows of the last import, with reasons, as a spreadsheet."""
    errors = request.session.get(SESSION_REPORT_KEY) or []
    rows = ([e["line"], e["column"], e["message"]] for e in errors)
    return csv_response(filename="import-errors.csv", header=[_("Line"), _("Column"), _("Problem")], rows=rows)


@require_GET
@pm_required
def data_import_template(request, kind: str):
    """A file with the right header row and one example row that imports as it is, to fill in."""
    if kind not in KINDS:
        raise Http404
    header, example = template_for(kind, user=request.user)
    return csv_response(filename=f"{kind}-template.csv", header=header, rows=[example])
