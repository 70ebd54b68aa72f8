from django.urls import path

from signing.views import console, counting, kiosk, minutes, news, public, sign

app_name = "signing"

urlpatterns = [
    path("c/<slug:slug>/signing/", console.console, name="console"),
    path("c/<slug:slug>/signing/setup/", console.setup, name="setup"),
    path("c/<slug:slug>/signing/covenant/", console.covenant_edit, name="covenant_edit"),
    path(
        "c/<slug:slug>/signing/signatories/<int:pk>/",
        console.signatory_edit,
        name="signatory_edit",
    ),
    path("c/<slug:slug>/signing/signatories/<int:pk>/link/", console.link_issue, name="link_issue"),
    path(
        "c/<slug:slug>/signing/signatories/<int:pk>/kiosk/",
        kiosk.kiosk_unlock,
        name="kiosk_unlock",
    ),
    path(
        "c/<slug:slug>/signing/kiosks/new/", kiosk.kiosk_device_create, name="kiosk_device_create"
    ),
    path("c/<slug:slug>/signing/kiosks/<int:pk>/", kiosk.kiosk_device_detail, name="kiosk_device"),
    path(
        "c/<slug:slug>/signing/kiosks/<int:pk>/revoke/",
        kiosk.kiosk_device_revoke,
        name="kiosk_device_revoke",
    ),
    path("c/<slug:slug>/signing/kiosks/lock/", kiosk.kiosk_lock, name="kiosk_lock"),
    path("c/<slug:slug>/signing/audit/", console.audit_log, name="audit"),
    path("c/<slug:slug>/signing/covenant.pdf", console.pdf, name="pdf"),
    path("c/<slug:slug>/signing/screen/", sign.screen, name="screen"),
    path(
        "c/<slug:slug>/signing/signatures/<str:token>.png",
        sign.signature_image,
        name="signature_image",
    ),
    path("c/<slug:slug>/signing/<str:action>/", console.transition, name="transition"),
    path("c/<slug:slug>/minutes/", minutes.minutes_edit, name="minutes"),
    path("c/<slug:slug>/minutes/do/<str:action>/", minutes.minutes_action, name="minutes_action"),
    path("c/<slug:slug>/minutes.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("c/<slug:slug>/minutes.docx", minutes.minutes_docx_view, name="minutes_docx"),
    path(
        "c/<slug:slug>/polls/<int:poll_id>/counting/seal/",
        counting.counting_seal,
        name="counting_seal",
    ),
    path(
        "c/<slug:slug>/polls/<int:poll_id>/counting.pdf",
        counting.counting_pdf,
        name="counting_pdf",
    ),
    path(
        "c/<slug:slug>/polls/<int:poll_id>/counting.docx",
        counting.counting_docx_view,
        name="counting_docx",
    ),
    path("c/<slug:slug>/news/", news.news, name="news"),
    path("c/<slug:slug>/news/photos/<int:pk>/", news.news_photo, name="news_photo"),
    path(
        "c/<slug:slug>/news/photos/<int:pk>/<str:size>.jpg",
        news.news_photo_file,
        name="news_photo_file",
    ),
    path("c/<slug:slug>/news.html", news.news_html, name="news_html"),
    path("c/<slug:slug>/news.docx", news.news_docx_view, name="news_docx"),
    path("sign/minutes/<str:token>/", minutes.minutes_sign, name="minutes_sign"),
    # The paired tablet: device token (cookie scoped to /kiosk/) only, no staff session.
    path("kiosk/", kiosk.kiosk, name="kiosk"),
    path("kiosk/state/", kiosk.kiosk_state, name="kiosk_state"),
    path("kiosk/pair/<str:secret>/", kiosk.kiosk_pair, name="kiosk_pair"),
    path("sign/<str:token>/", sign.phone_sign, name="link"),
    path("sign/done/<int:pk>/", sign.signed, name="signed"),
    path("verify/<str:public_id>/", public.verify, name="verify"),
    path("verify/<str:public_id>/covenant.pdf", public.verify_pdf, name="verify_pdf"),
]
