"""A functional administrator resets a user's two-step verification in the admin."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.tests.conftest import code_for, enrol
from wijkteam.teams.tests.factories import UserFactory


def functional_admin():
    user = UserFactory(username="beheerder", is_staff=True)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.FUNCTIONAL_ADMIN]))
    return user


def confirmed_client(client, user):
    """``client`` logged in as ``user`` and through the code page, as a person would be."""
    device = enrol(user)
    client.force_login(user)
    response = client.post(reverse("twofactor:verify"), {"code": code_for(device)})
    assert response.status_code == 302
    return client


def test_the_group_may_see_and_delete_devices_but_not_add_them(db):
    group = Group.objects.get(name=ROLE_GROUPS[Role.FUNCTIONAL_ADMIN])
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_totpdevice", "change_totpdevice", "delete_totpdevice"} <= codenames
    assert "add_totpdevice" not in codenames


def test_a_reset_sends_the_user_back_to_set_up_an_app(two_factor, world, client):
    from django.test import Client

    colleague = world.director.user
    colleague_client = confirmed_client(Client(), colleague)
    device = TOTPDevice.objects.get(user=colleague)
    assert colleague_client.get(reverse("cases:caseload")).status_code == 200

    admin = confirmed_client(client, functional_admin())
    changelist = admin.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert changelist.status_code == 200
    # The secret is never shown in the admin.
    assert device.key not in changelist.content.decode()
    change = admin.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    deleted = admin.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()

    # At the next page the colleague's session no longer counts as confirmed.
    response = colleague_client.get(reverse("cases:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor:enrol"))
    assert DEVICE_ID_SESSION_KEY not in colleague_client.session


def test_the_user_page_in_the_admin_shows_the_app_without_its_secret(two_factor, world, client):
    device = enrol(world.director.user)
    admin = confirmed_client(
        client, UserFactory(username="super", is_staff=True, is_superuser=True)
    )
    response = admin.get(reverse("admin:accounts_user_change", args=[world.director.user.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "totpdevice_set-0-DELETE" in html
    assert device.key not in html
