from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import (
    Cluster,
    ClusterTerm,
    ConferenceKind,
    MemberUnit,
    Province,
    StaffRole,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    sector = forms.CharField(label=_("Sector"), max_length=100, initial=_("Home Affairs"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)


class MemberUnitForm(forms.Form):
    name = forms.CharField(
        label=_("Official name"),
        max_length=255,
        help_text=_("As it was at the time, e.g. Sở Nội vụ tỉnh Bắc Kạn."),
    )
    short_name = forms.CharField(label=_("Short name"), max_length=100)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all())


class UnitLabelMixin:
    """Units with the same name in two eras are told apart by their province."""

    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.province}"


class UnitChoiceField(UnitLabelMixin, forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class UnitSelectField(UnitLabelMixin, forms.ModelChoiceField):
    pass


class ClusterTermForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    members = UnitChoiceField(label=_("Member units"), queryset=MemberUnit.objects.none())
    chair = UnitSelectField(label=_("Chair unit (Cụm trưởng)"), queryset=MemberUnit.objects.none())
    deputy = UnitSelectField(
        label=_("Deputy chair unit (Cụm phó)"), queryset=MemberUnit.objects.none()
    )

    def __init__(self, *args, cluster: Cluster, **kwargs):
        super().__init__(*args, **kwargs)
        units = cluster.units.select_related("province").order_by("sort_key")
        for name in ("members", "chair", "deputy"):
            self.fields[name].queryset = units


class ConferenceForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Cluster and year"), queryset=ClusterTerm.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ConferenceKind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    venue = forms.CharField(label=_("Venue"), max_length=255)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    host_unit = UnitSelectField(label=_("Host unit"), queryset=MemberUnit.objects.none())
    is_public = forms.BooleanField(
        label=_("Public: anyone with the link may see the conference page"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = ClusterTerm.objects.select_related("cluster")
        self.fields["host_unit"].queryset = MemberUnit.objects.select_related("province").order_by(
            "sort_key"
        )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)
    unit = UnitSelectField(
        label=_("Member unit (liaisons only)"), queryset=MemberUnit.objects.none(), required=False
    )

    def __init__(self, *args, roles, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [c for c in StaffRole.choices if c[0] in roles]
        self.fields["role"].widget.attrs.update(
            {"data-shows": "field-unit", "data-shows-when": StaffRole.LIAISON}
        )
        self.fields["unit"].queryset = units
