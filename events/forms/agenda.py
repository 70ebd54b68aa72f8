from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AgendaItemKind, Conference, RegistrationStatus


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of item"), choices=AgendaItemKind.choices)
    title = forms.CharField(label=_("Item title"), max_length=300)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"))
    pinned_time = forms.TimeField(
        label=_("Fixed start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Leave empty to start right after the previous item."),
    )
    presenter = forms.ModelChoiceField(label=_("Presenter"), queryset=None, required=False)
    presenter_unit = forms.ModelChoiceField(
        label=_("Presenting unit"), queryset=None, required=False
    )
    presenter_text = forms.CharField(
        label=_("Presenter (free text)"),
        max_length=255,
        required=False,
        help_text=_("For someone who is not registered, e.g. a guest from the Ministry."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["presenter"].queryset = conference.registrations.filter(
            status=RegistrationStatus.APPROVED
        ).select_related("unit")
        self.fields["presenter"].label_from_instance = lambda r: (
            f"{r.full_name} — {r.affiliation}" if r.affiliation else r.full_name
        )
        self.fields["presenter_unit"].queryset = conference.term.members.order_by("sort_key")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        pinned = data.get("pinned_time")
        return {
            "kind": data["kind"],
            "title": data["title"],
            "duration_minutes": data["duration_minutes"],
            "pinned_start": _on_conference_day(self.conference, pinned) if pinned else None,
            "presenter": data.get("presenter"),
            "presenter_unit": data.get("presenter_unit"),
            "presenter_text": data.get("presenter_text", ""),
            "notes": data.get("notes", ""),
        }

    @staticmethod
    def initial_for(item) -> dict:
        return {
            "kind": item.kind,
            "title": item.title,
            "duration_minutes": item.duration_minutes,
            "pinned_time": timezone.localtime(item.pinned_start).time()
            if item.pinned_start
            else None,
            "presenter": item.presenter_id,
            "presenter_unit": item.presenter_unit_id,
            "presenter_text": item.presenter_text,
            "notes": item.notes,
        }


def _on_conference_day(conference: Conference, at: time) -> datetime:
    day = timezone.localtime(conference.starts_at).date()
    return timezone.make_aware(datetime.combine(day, at))
