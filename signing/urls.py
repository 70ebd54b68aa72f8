from django.urls import path

from signing.views import console, public, sign

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
        console.kiosk_unlock,
        name="kiosk_unlock",
    ),
    path("c/<slug:slug>/signing/kiosk/", sign.kiosk, name="kiosk"),
    path("c/<slug:slug>/signing/kiosk/lock/", console.kiosk_lock, name="kiosk_lock"),
    path("c/<slug:slug>/signing/audit/", console.audit_log, name="audit"),
    path("c/<slug:slug>/signing/covenant.pdf", console.pdf, name="pdf"),
    path("c/<slug:slug>/signing/screen/", sign.screen, name="screen"),
    path(
        "c/<slug:slug>/signing/signatures/<str:token>.png",
        sign.signature_image,
        name="signature_image",
    ),
    path("c/<slug:slug>/signing/<str:action>/", console.transition, name="transition"),
    path("sign/<str:token>/", sign.phone_sign, name="link"),
    path("sign/done/<int:pk>/", sign.signed, name="signed"),
    path("verify/<str:public_id>/", public.verify, name="verify"),
    path("verify/<str:public_id>/covenant.pdf", public.verify_pdf, name="verify_pdf"),
]
