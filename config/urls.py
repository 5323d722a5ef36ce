from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("review/", include("review.urls")),
    path("supervision/", include("supervision.urls")),
    path("", include("award.urls")),
]

handler403 = "accounts.views.permission_denied"
