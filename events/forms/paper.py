"""The counting committee's paper counts for a closed poll: parsed here,
checked and merged by ``events.services.decisions.poll_paper_enter``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.services.decisions import MAX_PAPER, PaperCounts


def _count_field(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_PAPER,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "count"}),
    )


class PaperCountsForm(forms.Form):
    issued = _count_field(_("Paper ballots issued"))
    collected = _count_field(_("Paper ballots collected"))
    valid = _count_field(_("Valid paper ballots"))
    invalid = _count_field(_("Invalid paper ballots"))

    def __init__(self, *args, poll, **kwargs):
        self.poll = poll
        self.candidates = list(poll.candidates.all())
        self.entered = (poll.result or {}).get("paper")
        if self.entered and not kwargs.get("data") and not args:
            kwargs["initial"] = {
                **{k: self.entered[k] for k in ("issued", "collected", "valid", "invalid")},
                **{f"line_{pk}": n for pk, n in self.entered["votes"].items()},
            }
        kwargs.setdefault("prefix", f"paper-{poll.pk}")
        super().__init__(*args, **kwargs)
        for candidate in self.candidates:
            field = _count_field(candidate.label)
            field.widget.attrs["data-line"] = "1"
            self.fields[f"line_{candidate.pk}"] = field
        if self.entered:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"),
                max_length=300,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def line_fields(self):
        return [self[f"line_{c.pk}"] for c in self.candidates]

    def total_fields(self):
        return [self[name] for name in ("issued", "collected", "valid", "invalid")]

    def counts(self) -> PaperCounts:
        data = self.cleaned_data
        return PaperCounts(
            issued=data["issued"],
            collected=data["collected"],
            valid=data["valid"],
            invalid=data["invalid"],
            votes={c.pk: data[f"line_{c.pk}"] for c in self.candidates},
        )
