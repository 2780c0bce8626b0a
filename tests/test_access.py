"""Deny by default: public pages opt out, staff views declare their roles."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from org.models import Role
from tests import factories


def _views(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_backoffice_view_declares_its_roles():
    staff_views = [
        (route, view) for route, view in _views(get_resolver()) if route.startswith("kantor/")
    ]
    assert staff_views, "the back office has views"
    undeclared = [route for route, view in staff_views if not getattr(view, "required_roles", None)]
    assert undeclared == []


def test_pages_need_a_login_unless_they_opt_out(client, region):
    response = client.get(reverse("account"))
    assert (response.status_code, response["Location"]) == (302, "/masuk/?next=/akun/")


def test_backoffice_sends_anonymous_visitors_to_login(client, region):
    response = client.get(reverse("backoffice:home"))
    assert (response.status_code, response["Location"]) == (302, "/masuk/?next=/kantor/")


def test_backoffice_refuses_an_applicant(client, region, applicant):
    client.force_login(applicant)
    assert client.get(reverse("backoffice:home")).status_code == 403


def test_backoffice_refuses_staff_of_another_region(client, region, other_region):
    agency = factories.make_agency(
        other_region, short_name="DPMPTSP", unit_code="2.18.0.00.0.00.01.0000"
    )
    outsider = factories.make_staff("orang.luar", agency, Role.FRONT_OFFICE)
    client.force_login(outsider)
    assert client.get(reverse("backoffice:home")).status_code == 403


def test_backoffice_shows_my_roles(client, front_office, dpmptsp):
    client.force_login(front_office)
    response = client.get(reverse("backoffice:home"))
    assert [(r.role, r.agency) for r in response.context["held_roles"]] == [
        (Role.FRONT_OFFICE, dpmptsp)
    ]
    # The menu knows the roles here too (the page's own list once hid them).
    assert 'href="/kantor/skm/kios/"' in response.text


@pytest.mark.parametrize("name", ["portal:home", "portal:service_list", "login"])
def test_public_pages_carry_a_strict_csp(client, region, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # Scripts only as our own files, never inline.
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", response.text, re.S)
    tags = re.findall(r"<script[^>]*>", response.text)
    assert scripts == [""] * len(tags)
    assert all('src="/static/js/' in tag for tag in tags)
    assert " style=" not in response.text


def test_admin_is_closed_to_staff_without_region_admin_role(client, front_office):
    client.force_login(front_office)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403


def test_admin_sign_in_goes_through_the_site_login(client, region):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/", 302),
        ("/masuk/?next=/admin/", 302),
    ]
    assert response.status_code == 200


def test_login_with_a_wrong_password_says_so_in_indonesian(client, region, applicant):
    response = client.post(reverse("login"), {"username": "siti", "password": "salah"})
    assert response.status_code == 200
    assert response.context["user"].is_authenticated is False
    assert response.context["form"].non_field_errors() == [
        "Masukkan nama pengguna atau email dan kata sandi yang benar. Huruf besar dan kecil "
        "pada kata sandi dibedakan."
    ]


def test_favicon_is_public(client, region):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.svg")


def test_giving_the_region_admin_role_in_the_admin_opens_the_configuration(
    client, region_admin, dpmptsp
):
    newcomer = factories.make_user("yudi")
    client.force_login(region_admin)
    response = client.post(
        reverse("admin:org_staffrole_add"),
        {"user": newcomer.pk, "agency": dpmptsp.pk, "role": "region_admin", "active": "on"},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff is True
    client.force_login(newcomer)
    assert client.get(reverse("admin:catalog_service_changelist")).status_code == 200


def test_region_admin_cannot_pick_applicants_as_staff(client, region_admin, region, applicant):
    from org.models import Person

    Person.objects.create(
        region=region, user=applicant, nik="3573014508900002", name="Siti", address="Malang"
    )
    client.force_login(region_admin)
    response = client.get(reverse("admin:org_staffrole_add"))
    choices = list(response.context["adminform"].form.fields["user"].queryset)
    assert applicant not in choices
    assert region_admin in choices


def test_deleting_region_admin_roles_in_bulk_closes_the_configuration(
    client, region_admin, dpmptsp
):
    colleague = factories.make_user("yudi")
    from org.domain import staff_role_grant

    role = staff_role_grant(user=colleague, agency=dpmptsp, role=Role.REGION_ADMIN)
    client.force_login(region_admin)
    response = client.post(
        reverse("admin:org_staffrole_changelist"),
        {"action": "delete_selected", "_selected_action": [role.pk], "post": "yes"},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.is_staff, list(colleague.groups.all())) == (False, [])


def test_region_logo_is_served_in_the_demo(client, region, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "region-logos").mkdir()
    (tmp_path / "region-logos" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")
    response = client.get("/media/region-logos/logo.png")
    assert (response.status_code, b"".join(response.streaming_content)) == (
        200,
        b"\x89PNG\r\n\x1a\nlogo",
    )
    assert client.get("/media/documents/secret.pdf").status_code == 404


ROOT = Path(__file__).resolve().parent.parent
INTERFACES = {"portal", "backoffice"}
# Who sees what and who acts is decided in access/ (or, for the database's part, on a
# model's QuerySet); a predicate by one of these names elsewhere is a second copy.
PREDICATE = re.compile(r"(_visible|^may_.+|^can_.+)$")


def _modules():
    """Our own modules: every package at the top of the project but the tests."""
    for package in sorted(p.parent for p in ROOT.glob("*/__init__.py")):
        if package.name != "tests":
            for path in sorted(package.rglob("*.py")):
                if "migrations" not in path.parts:
                    yield path.relative_to(ROOT), ast.parse(path.read_text(), filename=str(path))


def _functions(tree, within=None):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, within
            yield from _functions(node, within)
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, node.name)
        else:
            yield from _functions(node, within)


def test_visibility_predicates_live_only_in_access():
    found = [
        f"{path}: {name}"
        for path, tree in _modules()
        if path.parts[0] != "access"
        for name, within in _functions(tree)
        if PREDICATE.search(name) and not (within or "").endswith("QuerySet")
    ]
    assert found == []


def test_an_interface_app_imports_no_other_interface_app():
    found = []
    for path, tree in _modules():
        app = path.parts[0]
        if app not in INTERFACES:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [
                f"{path}: {name}" for name in names if name.split(".")[0] in INTERFACES - {app}
            ]
    assert found == []


def test_the_predicate_check_sees_a_predicate_outside_access():
    """The scan above finds what it looks for (a module with one of each kind)."""
    tree = ast.parse(
        "def document_visible(d): ...\n"
        "class Things:\n    def may_edit(self): ...\n"
        "class ThingQuerySet:\n    def can_see(self): ...\n"
    )
    names = [
        name
        for name, within in _functions(tree)
        if PREDICATE.search(name) and not (within or "").endswith("QuerySet")
    ]
    assert names == ["document_visible", "may_edit"]
