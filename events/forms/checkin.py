from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import CheckinList, DelegateRole


class CheckinListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("e.g. Signing ceremony"))
    allow_reentry = forms.BooleanField(
        label=_("Allow re-entry (count every scan, e.g. lunch)"), required=False
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Only these roles"),
        queryset=DelegateRole.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to admit every role."),
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = conference.roles.all()


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("e.g. Gate 1"))
    checkin_list = forms.ModelChoiceField(
        label=_("List"), queryset=CheckinList.objects.none(), empty_label=None
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkin_list"].queryset = conference.checkin_lists.all()


class EntranceDisplayForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("e.g. Screen at the main door")
    )
