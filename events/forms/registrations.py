"""Forms of the registration pages. They parse input; services decide."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.forms import DateTimeInput, UnitSelectField
from events.models import Gender, MemberUnit, Registration, RegistrationStatus
from events.names import join_name, split_full_name, vietnamese_sorted


class RoleSelect(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    title = forms.CharField(label=_("Title or position"), max_length=150, required=False)
    unit = UnitSelectField(
        label=_("Member unit"), queryset=MemberUnit.objects.none(), required=False, empty_label="—"
    )
    organization = forms.CharField(
        label=_("Organisation (guests and press)"), max_length=255, required=False
    )
    role = RoleSelect(label=_("Role"), queryset=None, empty_label="—")
    gender = forms.ChoiceField(
        label=_("Form of address"),
        choices=[("", "—"), *Gender.choices],
        required=False,
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("The pass is sent to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    notes = forms.CharField(
        label=_("Notes (diet, access needs)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    allow_duplicate = forms.BooleanField(
        label=_("Register anyway: this is a different person"), required=False
    )

    def __init__(
        self,
        *args,
        conference,
        fixed_unit: MemberUnit | None = None,
        by_liaison: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        roles = conference.roles.order_by("position")
        if fixed_unit is not None:
            roles = roles.filter(counts_toward_quota=True)
        if by_liaison:
            # The chair is chosen by the organizers; a liaison keeps it only
            # on a person the organizers already made chair.
            roles = roles.filter(Q(is_chair=False) | Q(pk=self.initial.get("role") or 0))
            del self.fields["unit"]
            del self.fields["organization"]
        else:
            self.fields["unit"].queryset = conference.term.members.select_related(
                "province"
            ).order_by("sort_key")
        self.fields["role"].queryset = roles
        self.fixed_unit = fixed_unit
        self.fields["allow_duplicate"].widget = forms.HiddenInput()

    def offer_duplicate(self) -> None:
        """After a duplicate warning: let the user confirm it is someone else."""
        self.fields["allow_duplicate"].widget = forms.CheckboxInput()

    @classmethod
    def initial_for(cls, registration: Registration) -> dict:
        return {
            "full_name": registration.full_name,
            "title": registration.title,
            "unit": registration.unit_id,
            "organization": registration.organization,
            "role": registration.role_id,
            "gender": registration.gender,
            "email": registration.email,
            "phone": registration.phone,
            "notes": registration.notes,
        }

    def service_kwargs(self, registration: Registration | None = None) -> dict:
        data = dict(self.cleaned_data)
        data.pop("allow_duplicate", None)
        family, middle, given = split_full_name(data.pop("full_name"))
        if registration is not None and join_name(
            registration.family_name, registration.middle_name, registration.given_name
        ) == join_name(family, middle, given):
            # Keep a deliberate split such as a two-word family name.
            family, middle, given = (
                registration.family_name,
                registration.middle_name,
                registration.given_name,
            )
        data.update(family_name=family, middle_name=middle, given_name=given)
        if self.fixed_unit is not None:
            data["unit"] = self.fixed_unit
            data["organization"] = ""
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    province = forms.TypedChoiceField(
        label=_("Province"), required=False, coerce=int, empty_value=None
    )
    role = forms.TypedChoiceField(label=_("Role"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *RegistrationStatus.choices],
    )
    arrived = forms.ChoiceField(
        label=_("Arrival"),
        required=False,
        choices=[("", _("All")), ("yes", _("Checked in")), ("no", _("Not checked in yet"))],
    )

    def __init__(self, *args, conference, units, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["unit"].choices = everyone + [(u.pk, u.name) for u in units]
        provinces = {u.province_id: u.province.name for u in units}
        self.fields["province"].choices = everyone + vietnamese_sorted(
            provinces.items(), key=lambda item: item[1]
        )
        self.fields["role"].choices = everyone + [
            (r.pk, r.name) for r in conference.roles.order_by("position")
        ]


class PolicyForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Liaison deadline"), required=False, widget=DateTimeInput()
    )
    auto_approve = forms.BooleanField(
        label=_("Approve liaisons' registrations automatically"), required=False
    )
    unit_quota = forms.IntegerField(
        label=_("Places per unit (roles that count)"), required=False, min_value=0
    )
    allow_over_quota = forms.BooleanField(
        label=_("Save anyway: the units listed above keep the delegates they have"),
        required=False,
    )
    staff_approve_walkins = forms.BooleanField(
        label=_("Check-in staff may approve walk-ins"),
        required=False,
        help_text=_(
            "Guests and replacements registered at the door are admitted at once; "
            "otherwise they wait for an organizer."
        ),
    )

    def __init__(self, *args, conference, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allow_over_quota"].widget = forms.HiddenInput()
        self.over_quota_offered = False
        self.role_fields, self.unit_fields = [], []
        for role in conference.roles.order_by("position"):
            name = f"role_{role.pk}"
            self.fields[name] = forms.IntegerField(
                label=role.name, required=False, min_value=0, initial=role.quota_per_unit
            )
            self.role_fields.append((name, role))
        for unit, places in units:
            name = f"unit_{unit.pk}"
            self.fields[name] = forms.IntegerField(
                label=unit.name, required=False, min_value=0, initial=places
            )
            self.unit_fields.append((name, unit))

    def offer_over_quota(self) -> None:
        """After the warning that some units are over: let the organizer confirm."""
        self.fields["allow_over_quota"].widget = forms.CheckboxInput()
        self.over_quota_offered = True


class LiaisonInviteForm(forms.Form):
    email = forms.EmailField(label=_("Liaison's email"))
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    approve = forms.BooleanField(label=_("Approve everyone imported"), required=False)
