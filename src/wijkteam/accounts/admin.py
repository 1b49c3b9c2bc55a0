from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenAdmin

from wijkteam.accounts.models import User
from wijkteam.core.admin_widgets import LabelledDateTimeAdmin


class SecondFactorInline(admin.TabularInline):
    """The user's authenticator app on their page in the admin. Deleting it resets two-step
    verification: at their next page the user sets up an app again. The secret is never shown
    (``OTP_ADMIN_HIDE_SENSITIVE_DATA``); django-otp's own "TOTP devices" list does the same."""

    model = TOTPDevice
    verbose_name = _("authenticator app (two-step verification)")
    verbose_name_plural = _("authenticator apps (two-step verification)")
    fields = ["name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields
    extra = 0
    max_num = 0  # set up by the user themselves, never here
    can_delete = True


class WijkteamUserAdmin(LabelledDateTimeAdmin, UserAdmin):
    """Staff accounts. Residents' accounts are left out: they are made by the DigiD login, and
    a list of them would tell the administrator who is a client of the teams."""

    inlines = [SecondFactorInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(resident_account__isnull=True)


admin.site.register(User, WijkteamUserAdmin)


class SecondFactorAdmin(LabelledDateTimeAdmin, TOTPDeviceAdmin):
    """django-otp's "TOTP devices", where the functional administrator resets a throttled or
    lost authenticator app, with a label on each input of its date-and-time field."""


# django-otp registered its own class when its admin module was imported (above).
admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, SecondFactorAdmin)

# API tokens: pick the user by id, never from a drop-down of every account (residents included).
TokenAdmin.raw_id_fields = ["user"]
