"""Staff second factor: TOTP asked per role by a region setting, with recovery codes."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from org.domain import staff_role_grant
from org.models import Role
from tests import factories

SETUP = "/kantor/dua-langkah/pasang/"
VERIFY = "/kantor/dua-langkah/verifikasi/"


@pytest.fixture
def officials_need_it(region):
    region.second_factor_roles = [Role.SIGNING_OFFICIAL]
    region.save()
    return region


def sign_in(client, user, next_url="/kantor/"):
    """Sign in with the password only, through the login page, as a person would."""
    client.logout()
    response = client.post(
        reverse("login") + f"?next={next_url}",
        {"username": user.username, "password": factories.PASSWORD, "next": next_url},
    )
    assert (response.status_code, response["Location"]) == (302, next_url)


def code_for(device: TOTPDevice) -> str:
    """The authenticator app's code: the current step, or the next one when the current
    step was already used (a code is accepted once, and one step ahead is allowed)."""
    device.refresh_from_db()
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    step = max(clock.t(), device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def set_up(client, user) -> list[str]:
    """Walk the set-up page with a code from the device's key; the recovery codes shown."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 200
    return response.context["recovery_codes"]


def wait_out_throttle(user) -> None:
    """As if the throttle's delay had passed (a wrong code holds the next try back)."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=earlier)
    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=earlier)


def _staff_routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _staff_routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith("kantor/"):
                yield "/" + re.sub(r"<int:\w+>", "1", re.sub(r"<slug:\w+>", "terima", route))


def test_by_default_nobody_is_asked(client, signing_official, region):
    assert region.second_factor_roles == []
    sign_in(client, signing_official)
    assert client.get("/kantor/").status_code == 200


def test_the_setting_accepts_only_known_roles(region):
    region.second_factor_roles = [Role.SIGNING_OFFICIAL, "kepala_desa"]
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert list(error.value.message_dict) == ["second_factor_roles"]


def test_an_official_without_a_device_is_sent_to_set_up_from_every_staff_page(
    client, signing_official, officials_need_it
):
    sign_in(client, signing_official)
    routes = [r for r in _staff_routes() if not r.startswith(("/kantor/dua-langkah/pasang/",))]
    routes = [r for r in routes if not r.startswith("/kantor/dua-langkah/verifikasi/")]
    assert len(routes) > 10
    sent = {}
    for route in routes:
        response = client.get(route)
        # Pages that take only forms answer a GET with 405 before anything else: post to them.
        sent[route] = client.post(route) if response.status_code == 405 else response
    assert {route: (r.status_code, r["Location"]) for route, r in sent.items()} == {
        route: (302, f"{SETUP}?next={route}") for route in routes
    }


def test_set_up_shows_a_qr_code_and_the_key_in_groups(client, signing_official, officials_need_it):
    sign_in(client, signing_official)
    page = client.get(SETUP + "?next=/kantor/skm/")
    device = TOTPDevice.objects.get(user=signing_official)
    assert device.confirmed is False
    assert page.context["qr_code"].startswith("data:image/svg+xml")
    groups = page.context["secret_groups"]
    assert "".join(groups) == page.context["secret"]
    assert all(len(group) == 4 for group in groups[:-1])
    assert " style=" not in page.text
    assert "no-store" in page["Cache-Control"]


def test_an_official_sets_up_reaches_the_inbox_and_needs_a_code_next_time(
    client, signing_official, officials_need_it
):
    sign_in(client, signing_official)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=signing_official)
    response = client.post(SETUP + "?next=/kantor/", {"code": code_for(device)})
    codes = response.context["recovery_codes"]
    assert (response.status_code, len(codes), len(set(codes))) == (200, 10, 10)
    assert response.context["next"] == "/kantor/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is True
    assert client.get("/kantor/").status_code == 200

    sign_in(client, signing_official)
    assert client.get("/kantor/")["Location"] == f"{VERIFY}?next=/kantor/"
    # Set-up again is no way around the code.
    assert client.get(SETUP)["Location"] == f"{VERIFY}?next=/kantor/"
    response = client.post(f"{VERIFY}?next=/kantor/", {"code": code_for(device)})
    assert (response.status_code, response["Location"]) == (302, "/kantor/")
    assert client.get("/kantor/").status_code == 200


def test_a_wrong_code_is_refused_and_throttles_the_next_try(
    client, signing_official, officials_need_it
):
    sign_in(client, signing_official)
    set_up(client, signing_official)
    sign_in(client, signing_official)
    device = TOTPDevice.objects.get(user=signing_official)
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1000000:06d}"

    response = client.post(VERIFY, {"code": wrong})
    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"code": ["Kode salah. Periksa jam ponsel Anda dan coba lagi."]},
    )
    assert client.get("/kantor/")["Location"] == f"{VERIFY}?next=/kantor/"
    # django-otp's throttle is on: right after a wrong code even the right one waits.
    response = client.post(VERIFY, {"code": right})
    assert response.status_code == 200
    assert response.context["form"].errors["code"][0].startswith("Terlalu banyak kode salah.")
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 1

    wait_out_throttle(signing_official)
    response = client.post(VERIFY, {"code": right})
    assert (response.status_code, response["Location"]) == (302, "/kantor/")


def test_a_code_that_is_not_a_number_is_refused_without_error(
    client, signing_official, officials_need_it
):
    sign_in(client, signing_official)
    set_up(client, signing_official)
    sign_in(client, signing_official)
    response = client.post(VERIFY, {"code": "<script>" * 50})
    assert (response.status_code, list(response.context["form"].errors)) == (200, ["code"])


def test_a_recovery_code_works_once_and_is_audited(client, signing_official, officials_need_it):
    sign_in(client, signing_official)
    codes = set_up(client, signing_official)
    sign_in(client, signing_official)
    # Written as shown (groups of four, any case) it is accepted.
    response = client.post(f"{VERIFY}?next=/kantor/", {"code": codes[0].upper()})
    assert (response.status_code, response["Location"]) == (302, "/kantor/")
    assert StaticToken.objects.filter(device__user=signing_official).count() == 9
    assert list(
        AuditEvent.objects.filter(action="second_factor_recovery_code_used").values_list(
            "actor", "object_id", "data"
        )
    ) == [(signing_official.pk, str(signing_official.pk), {"codes_left": 9})]

    sign_in(client, signing_official)
    wait_out_throttle(signing_official)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["Kode salah. Periksa jam ponsel Anda dan coba lagi."]
    }
    assert client.get("/kantor/")["Location"] == f"{VERIFY}?next=/kantor/"


def test_recovery_codes_are_regenerated_with_a_current_code(
    client, signing_official, officials_need_it
):
    sign_in(client, signing_official)
    old = set_up(client, signing_official)
    device = TOTPDevice.objects.get(user=signing_official)
    url = reverse("backoffice:second_factor_codes")
    refused = client.post(url, {"codes-code": "000000"})
    assert (refused.status_code, list(refused.context["codes_form"].errors)) == (200, ["code"])
    wait_out_throttle(signing_official)
    response = client.post(url, {"codes-code": code_for(device)})
    new = response.context["recovery_codes"]
    assert (len(new), set(new) & set(old)) == (10, set())
    stored = StaticToken.objects.filter(device__user=signing_official)
    assert sorted(stored.values_list("token", flat=True)) == sorted(
        code.replace("-", "").lower() for code in new
    )
    assert AuditEvent.objects.filter(action="second_factor_recovery_codes_issued").count() == 2


def test_the_official_resets_their_own_device_with_a_current_code(
    client, signing_official, officials_need_it
):
    sign_in(client, signing_official)
    set_up(client, signing_official)
    device = TOTPDevice.objects.get(user=signing_official)
    url = reverse("backoffice:second_factor_reset")
    refused = client.post(url, {"reset-code": "123456"})
    assert (refused.status_code, TOTPDevice.objects.filter(user=signing_official).count()) == (
        200,
        1,
    )
    wait_out_throttle(signing_official)
    response = client.post(url, {"reset-code": code_for(device)})
    assert (response.status_code, response["Location"]) == (302, SETUP)
    assert (
        TOTPDevice.objects.filter(user=signing_official).count(),
        StaticDevice.objects.filter(user=signing_official).count(),
    ) == (0, 0)
    assert client.get("/kantor/")["Location"] == f"{SETUP}?next=/kantor/"


def test_a_front_office_officer_is_not_asked(client, front_office, officials_need_it):
    sign_in(client, front_office)
    response = client.get("/kantor/")
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=front_office).count() == 0


def test_the_region_admin_resets_an_officials_device(
    client, signing_official, region_admin, officials_need_it
):
    sign_in(client, signing_official)
    set_up(client, signing_official)

    sign_in(client, region_admin)
    listing = client.get(reverse("backoffice:second_factor_staff"))
    assert [(row.user, row.has_device, row.required) for row in listing.context["rows"]] == [
        (signing_official, True, True),
        (region_admin, False, False),
    ]
    url = reverse("backoffice:second_factor_staff_reset", args=[signing_official.pk])
    response = client.post(url, {"reason": "Ponsel hilang"})
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("backoffice:second_factor_staff"),
    )
    assert TOTPDevice.objects.filter(user=signing_official).count() == 0
    assert StaticDevice.objects.filter(user=signing_official).count() == 0
    assert list(
        AuditEvent.objects.filter(action="second_factor_reset").values_list(
            "actor", "object_id", "reason"
        )
    ) == [(region_admin.pk, str(signing_official.pk), "Ponsel hilang")]

    sign_in(client, signing_official)
    assert client.get("/kantor/")["Location"] == f"{SETUP}?next=/kantor/"


def test_a_region_admin_of_another_region_cannot_reset(
    client, signing_official, officials_need_it, other_region
):
    sign_in(client, signing_official)
    set_up(client, signing_official)
    agency = factories.make_agency(
        other_region, short_name="DPMPTSP", unit_code="2.18.0.00.0.00.01.0000"
    )
    outsider = factories.make_user("admin.lain")
    staff_role_grant(user=outsider, agency=agency, role=Role.REGION_ADMIN)

    sign_in(client, outsider)
    url = reverse("backoffice:second_factor_staff_reset", args=[signing_official.pk])
    assert client.post(url, {"reason": "coba"}).status_code == 403
    assert client.get(reverse("backoffice:second_factor_staff")).status_code == 403
    assert TOTPDevice.objects.filter(user=signing_official, confirmed=True).count() == 1
    assert AuditEvent.objects.filter(action="second_factor_reset").count() == 0


def test_a_region_admin_cannot_reset_staff_of_another_region(
    client, region_admin, other_region, officials_need_it
):
    agency = factories.make_agency(
        other_region, short_name="DPMPTSP", unit_code="2.18.0.00.0.00.01.0000"
    )
    elsewhere = factories.make_staff("kepala.lain", agency, Role.SIGNING_OFFICIAL)
    TOTPDevice.objects.create(user=elsewhere, name="Ponsel", confirmed=True)

    sign_in(client, region_admin)
    listing = client.get(reverse("backoffice:second_factor_staff"))
    assert elsewhere not in [row.user for row in listing.context["rows"]]
    url = reverse("backoffice:second_factor_staff_reset", args=[elsewhere.pk])
    assert client.post(url, {"reason": "coba"}).status_code == 404
    assert TOTPDevice.objects.filter(user=elsewhere).count() == 1


def test_next_never_leaves_the_site(client, signing_official, officials_need_it):
    sign_in(client, signing_official)
    set_up(client, signing_official)
    sign_in(client, signing_official)
    device = TOTPDevice.objects.get(user=signing_official)
    response = client.post(f"{VERIFY}?next=https://jahat.example/", {"code": code_for(device)})
    assert (response.status_code, response["Location"]) == (302, "/kantor/")


def test_wrong_codes_slow_down_exponentially(signing_official):
    """The throttle doubles its wait with each wrong code (1, 2, 4 ... seconds)."""
    device = TOTPDevice.objects.create(user=signing_official, name="Ponsel", confirmed=True)
    for _ in range(3):
        device.throttling_failure_timestamp = None
        device.verify_token("000000")
    allowed, details = device.verify_is_allowed()
    assert (allowed, details["failure_count"]) == (False, 3)
    assert round((details["locked_until"] - timezone.now()).total_seconds()) == 4


def test_the_region_admin_chooses_the_roles_in_the_admin(client, region, region_admin):
    client.force_login(region_admin)
    url = reverse("admin:org_region_change", args=[region.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="checkbox" name="second_factor_roles" value="signing_official"' in page.text
    response = client.post(
        url,
        {
            "name": region.name,
            "time_zone": region.time_zone,
            "kop_lines": "",
            "cuti_bersama_closed": "on",
            "registration_pattern": region.registration_pattern,
            "second_factor_roles": [Role.SIGNING_OFFICIAL, Role.REGION_ADMIN],
            "closures-TOTAL_FORMS": "0",
            "closures-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.second_factor_roles == [Role.SIGNING_OFFICIAL, Role.REGION_ADMIN]


def test_the_configuration_screens_ask_the_second_factor_too(client, region, region_admin):
    """Without it, a region admin could switch the setting off with a password alone."""
    region.second_factor_roles = [Role.REGION_ADMIN]
    region.save()
    sign_in(client, region_admin, next_url="/kantor/")
    first = client.get("/admin/org/region/")
    assert (first.status_code, first["Location"]) == (
        302,
        "/admin/login/?next=/admin/org/region/",
    )
    second = client.get(first["Location"])
    assert (second.status_code, second["Location"]) == (
        302,
        f"{SETUP}?next=/admin/org/region/",
    )
    set_up(client, region_admin)
    assert client.get("/admin/org/region/").status_code == 200


def test_the_menu_leads_staff_to_their_second_factor_and_admins_to_lockouts(
    client, region, region_admin, front_office
):
    client.force_login(region_admin)
    admin_links = re.findall(r'href="(/kantor/[^"]*)"', client.get("/kantor/").content.decode())
    client.force_login(front_office)
    officer_links = re.findall(r'href="(/kantor/[^"]*)"', client.get("/kantor/").content.decode())
    menu = {"/kantor/akses/kunci/", "/kantor/dua-langkah/petugas/", "/kantor/dua-langkah/"}
    assert menu & set(admin_links) == menu
    assert menu & set(officer_links) == {"/kantor/dua-langkah/"}


def test_first_codes_do_not_speak_of_old_ones_and_the_staff_list_says_asked(
    client, officials_need_it, signing_official, region_admin
):
    sign_in(client, signing_official)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=signing_official, confirmed=False)
    first_codes = client.post(SETUP, {"code": code_for(device)}).content.decode()
    assert ("Kode cadangan" in first_codes, "tidak berlaku lagi" in first_codes) == (True, False)
    client.force_login(region_admin)
    staff = client.get("/kantor/dua-langkah/petugas/").content.decode()
    assert ("diwajibkan daerah" in staff, "wajib diisi" in staff) == (True, False)
