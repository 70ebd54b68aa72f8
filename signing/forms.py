from django import forms
from django.utils.translation import gettext_lazy as _

from signing.models import Covenant


class CovenantForm(forms.ModelForm):
    class Meta:
        model = Covenant
        fields = [
            "issuing_body",
            "title",
            "subtitle",
            "place",
            "signed_on",
            "legal_bases",
            "preamble",
            "body",
            "closing",
            "language",
        ]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "legal_bases": forms.Textarea(attrs={"rows": 5}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        }


class SignatoryForm(forms.Form):
    registration = forms.ChoiceField(
        label=_("Registered delegate"),
        required=False,
        help_text=_("Pick the person who signs, or leave empty and type the name below."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    title = forms.CharField(
        label=_("Signer's position"),
        max_length=100,
        required=False,
        help_text=_("e.g. Phó Giám đốc"),
    )
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(r.pk): r for r in candidates}
        self.fields["registration"].choices = [("", _("— type the name instead —"))] + [
            (str(r.pk), f"{r.full_name} — {r.title}") for r in candidates
        ]

    def clean(self):
        data = super().clean()
        data["registration"] = self.candidates.get(data.get("registration") or "")
        if data["registration"] is None and not (data.get("full_name") or "").strip():
            raise forms.ValidationError(_("Pick a delegate or type the signer's name."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SealForm(forms.Form):
    """Shown only while signatures are missing: the reason is then required
    (the PDF, the audit log and the verify page print it)."""

    reason = forms.CharField(
        label=_("Reason for the missing signatures"),
        help_text=_("Printed in the sealed PDF and on the public verification page."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SignatureForm(forms.Form):
    signature = forms.CharField(widget=forms.HiddenInput, max_length=600_000)
    text_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    consent = forms.BooleanField(
        label=_("I have read the covenant above and sign it on behalf of my unit."),
        required=False,
    )
    kiosk = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("PDF file to check"))


class KioskDeviceForm(forms.Form):
    name = forms.CharField(
        label=_("Tablet name"),
        max_length=80,
        help_text=_("e.g. Tablet at the stage"),
    )
