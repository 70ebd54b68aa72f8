from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The back office logs in through allauth, so two-factor codes and login rate
# limits apply there too (Django's own admin login form would skip both).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("back-office/", admin.site.urls),
    path("", include("signing.urls")),
    path("", include("events.urls")),
]

# JSON under /api/, translated pages elsewhere (core/views.py); allauth's
# rate limits answer through handler429 too.
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
handler429 = "core.views.too_many_requests"
