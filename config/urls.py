from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("back-office/", admin.site.urls),
    path("", include("signing.urls")),
    path("", include("events.urls")),
]
