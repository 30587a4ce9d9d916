from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import QueryForm
from desk.domain.encoding import CHOICES as ENCODINGS
from desk.imports import KIND_CHOICES


def _limit_mb() -> int:
    return settings.PLEDGEBOARD["IMPORT_MAX_BYTES"] // (1024 * 1024)


class ImportForm(forms.Form):
    """A spreadsheet to preview or import: what it holds, its encoding (or detect it), and the file."""

    kind = forms.ChoiceField(
        choices=[(k, k) for k in KIND_CHOICES],
        error_messages={
            "required": _("Choose what the file holds."),
            "invalid_choice": _("Choose what the file holds."),
        },
    )
    encoding = forms.ChoiceField(
        choices=[("", "")] + [(e, e) for e in ENCODINGS],
        required=False,
        error_messages={
            "invalid_choice": _("Choose an encoding from the list."),
        },
    )
    file = forms.FileField(required=False)
    # A file already sent, kept while the user chooses its encoding (see desk.views.data).
    upload = forms.CharField(required=False, max_length=64)
    action = forms.CharField(required=False)

    too_large = _("The file is larger than %(mb)s MB. Split it into smaller files.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > settings.PLEDGEBOARD["IMPORT_MAX_BYTES"]:
            raise forms.ValidationError(self.too_large % {"mb": _limit_mb()}, code="too_large")
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("upload") and "file" not in self.errors:
            self.add_error("file", forms.ValidationError(_("Choose a CSV or XLSX file."), code="required"))
        return cleaned

    @property
    def commit(self) -> bool:
        return self.cleaned_data.get("action") == "import"

    @property
    def first_error(self) -> tuple[str, int]:
        """The message to show and the status to answer with (413 for a file over the limit)."""
        for field in ("kind", "encoding", "file"):
            for error in self.errors.as_data().get(field, []):
                return str(error.messages[0]), 413 if error.code == "too_large" else 422
        return "", 422

    @property
    def choices(self) -> dict:
        """What the user chose, to show the form again as it was."""
        return {"kind": self.data.get("kind", ""), "encoding": self.data.get("encoding", "")}


class ReviewQuery(QueryForm):
    """The weekly review: the week ending on this day (the latest week if left out)."""

    week = forms.DateField()


class SearchQuery(QueryForm):
    """What to look for: text as typed (a NUL byte, which no database stores, is refused)."""

    q = forms.CharField(max_length=1000, strip=False)
