from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Conference, DocumentKind


class DocumentUploadForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=DocumentKind.choices, initial=DocumentKind.OTHER
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=None,
        required=False,
        empty_label=_("The whole conference"),
    )
    file = forms.FileField(
        label=_("File (PDF or DOCX)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )
    published = forms.BooleanField(label=_("Publish to delegates now"), required=False)

    def __init__(self, *args, conference: Conference, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = conference.agenda_items.order_by("position")
        self.fields["agenda_item"].label_from_instance = lambda item: (
            f"{item.position}. {item.title}"
        )
        self.fields["file"].help_text = _(
            "At most %(mb)s MB. The file's content decides its type, not its name."
        ) % {"mb": max_mb}
