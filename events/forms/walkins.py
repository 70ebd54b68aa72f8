from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import DelegateRole

PHONE_ATTRS = {"inputmode": "tel", "autocomplete": "off"}


class DeskSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, unit or manual code"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class WalkInForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=220, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    title = forms.CharField(label=_("Title or position"), max_length=150, required=False)
    organization = forms.CharField(label=_("Organisation"), max_length=255)
    role = forms.ModelChoiceField(label=_("Role"), queryset=DelegateRole.objects.none())
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs=PHONE_ATTRS)
    )

    def __init__(self, *args, conference, replacement: bool, **kwargs):
        super().__init__(*args, **kwargs)
        roles = conference.roles.order_by("position")
        self.fields["role"].queryset = roles
        guest = roles.filter(code="guest").first()
        if guest is not None:
            self.fields["role"].initial = guest.pk
        if replacement:
            # The replacement takes the absent delegate's unit and role.
            del self.fields["organization"]
            del self.fields["role"]
