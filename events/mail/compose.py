"""One way to build an email: text and HTML from templates, in Vietnamese
(the site's language, not the sender's), with inline images by Content-ID
and attachments."""

from __future__ import annotations

from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def compose(
    *,
    to: str,
    subject,
    template: str,
    context: dict,
    inline_png: dict[str, bytes] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> EmailMultiAlternatives:
    """``template`` names ``emails/<template>.txt`` and ``.html``; inline
    images are shown in the HTML as ``<img src="cid:<key>">``."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    if inline_png:
        # multipart/related: the images belong to the HTML, not beside it.
        message.mixed_subtype = "related"
        for cid, data in inline_png.items():
            image = MIMEImage(data, "png")
            image.add_header("Content-ID", f"<{cid}>")
            image.add_header("Content-Disposition", "inline", filename=f"{cid}.png")
            message.attach(image)
    for filename, data, mimetype in attachments or ():
        message.attach(filename, data, mimetype)
    return message
