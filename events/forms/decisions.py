from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import DecisionKind


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is decided"), choices=DecisionKind.choices)
    title = forms.CharField(label=_("Name of the decision"), max_length=300)
    secret = forms.BooleanField(label=_("Secret ballot"), required=False)
    max_choices = forms.IntegerField(
        label=_("Most “agree” per ballot"), min_value=1, max_value=100, initial=1
    )
    quota = forms.IntegerField(
        label=_("Places (empty: no limit)"), min_value=1, max_value=100, required=False
    )
    excluded = forms.ModelMultipleChoiceField(
        label=_("Units not on the ballot"), queryset=None, required=False
    )
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, required=False)

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["excluded"].queryset = conference.term.members.order_by("sort_key")
        self.fields["agenda_item"].queryset = conference.agenda_items.order_by("position")
