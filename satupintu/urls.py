"""URL map: public portal at the root, staff under /kantor/, configuration under /admin/."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from access.rules import roles_of
from org.second_factor import second_factor_redirect
from portal import payments
from portal import views as portal_views
from portal.accounts import PasswordResetForm, SetPasswordForm
from portal.forms import LoginForm

admin.site.site_header = "Satu Pintu"
admin.site.site_title = "Satu Pintu"
_admin_has_permission = admin.site.has_permission


def _admin_permission(request) -> bool:
    """The configuration screens ask the same second factor as the staff pages: without it
    a region admin could switch the setting off with a password alone."""
    held = roles_of(request.user, getattr(request, "region", None))
    return _admin_has_permission(request) and second_factor_redirect(request, held) is None


admin.site.has_permission = _admin_permission

urlpatterns = [
    path("", include("portal.urls")),
    # Password reset through Django's views, with our templates; the form keeps the mail
    # limits and queues in the outbox (portal.accounts).
    path(
        "sandi/lupa/",
        login_not_required(auth_views.PasswordResetView.as_view(form_class=PasswordResetForm)),
        name="password_reset",
    ),
    path(
        "sandi/lupa/terkirim/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "sandi/atur/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm)),
        name="password_reset_confirm",
    ),
    path(
        "sandi/selesai/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("kantor/", include("backoffice.urls")),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", portal_views.account, name="account"),
    path("bahasa/", login_not_required(set_language), name="set_language"),
    path("admin/login/", portal_views.admin_login),
    path("admin/", admin.site.urls),
    path("favicon.ico", portal_views.favicon),
    path("api/pembayaran/notifikasi/", payments.payment_callback, name="payment_callback"),
    path("open311/v2/", include("feedback.open311_urls")),
    path("bank-simulasi/", payments.bank_simulator, name="bank_simulator"),
    path("skrd/<int:pk>/unduh/", payments.bill_download, name="bill_download"),
]

if not settings.PRODUCTION:
    # The demo serves the region's public logo itself; in production the reverse proxy
    # serves MEDIA_ROOT/region-logos at /media/region-logos (docs/operations.md).
    urlpatterns.append(path("media/region-logos/<path:path>", portal_views.region_logo))
