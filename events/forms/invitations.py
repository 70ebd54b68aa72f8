from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import InvitationSetup


class InvitationSetupForm(forms.ModelForm):
    """The letter's settings; the view saves them through the service."""

    class Meta:
        model = InvitationSetup
        fields = [
            "number",
            "symbol",
            "issued_on",
            "place",
            "parent_body",
            "issuing_body",
            "signer_authority",
            "signer_title",
            "signer_name",
            "contact",
            "guests",
        ]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "guests": forms.Textarea(attrs={"rows": 4}),
            "symbol": forms.TextInput(attrs={"autocapitalize": "characters"}),
        }
        labels = {"issued_on": _("Date of issue")}

    def __init__(self, *args, **kwargs):
        from events.services.invitations import REQUIRED

        super().__init__(*args, **kwargs)
        # What a letter cannot go out without is required here too, so the
        # form says so before the letters refuse.
        for name in REQUIRED:
            self.fields[name].required = True
