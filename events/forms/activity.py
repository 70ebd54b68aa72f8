from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import ACTION_LABELS


class ActivityFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["action"].choices = everything + [
            (code, label) for code, label in ACTION_LABELS.items()
        ]
        self.fields["actor"].choices = everything + [
            (user.pk, f"{user.name} <{user.email}>" if user.name else user.email) for user in actors
        ]
