"""Every URL that names an object, tried by every kind of user: who reaches it, who does not.

The probe that found KTP scans served to a region admin tried each sequential id as each
of 25 kinds of user. This test does the same over the URL map: MATRIX holds, for every
route with a parameter, the object it is tried on and the personas that may reach it; every
other persona must get 404, 403 or the login page, and never the object's data. A new route
with a parameter and no entry here fails `test_every_route_with_a_parameter_is_in_the_matrix`.
"""

import hashlib
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from feedback.complaints import complaint_file, complaint_route
from feedback.models import Tier
from licensing import issuance, retribusi
from licensing.models import Application, Document
from org.domain import staff_role_grant
from org.models import Role
from planning.models import (
    Budget,
    BudgetLine,
    ImportJob,
    ImportKind,
    NomenclatureVersion,
    Rumpun,
    RumpunSet,
)
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PASSPHRASE, pdf

pytestmark = pytest.mark.django_db

# Routes anyone may open by design; each is listed with where its own rules are tested.
PUBLIC = {
    "portal:service_detail": "the public catalog (test_portal_catalog)",
    "portal:application_new": "starts a new draft of a published service (test_case_views)",
    "portal:activate": "a signed one-time token (test_email_claim)",
    "portal:verify": "a permit's public verification page (test_permits)",
    "portal:survey": "a single-use survey token (test_survey)",
    "portal:complaint_public": "verified, non-confidential reports only (test_complaints)",
    "password_reset_confirm": "Django's signed reset token (test_rate_limits)",
    "media/region-logos/<path:path>": "the region's logo on public pages",
    "open311:discovery": "Open311: public by the specification (test_open311)",
    "open311:services": "Open311: public by the specification (test_open311)",
    "open311:service_definition": "Open311: public by the specification (test_open311)",
    "open311:service_requests": "Open311: confidential reports never leave (test_open311)",
    "open311:service_request": "Open311: confidential reports never leave (test_open311)",
    "open311:token": "Open311: confidential reports never leave (test_open311)",
    "open311/v2/^(?P<path>.*)$": "Open311: the specification's error for unknown paths",
}

# Who works on the reklame case: front office, the DPUPR reviewer, the signing official and
# the treasurer (by their tasks), and DPUPR's head (leadership of an agency on the case).
CASE = {"front_office", "reviewer_dpupr", "signing_official", "treasurer", "leadership_dpupr"}
OWNER = {"owner"}
PLANNING = {"planner_dpupr", "leadership_dpupr", "region_admin_and_planner"}
PLANNERS = {"planner_dpupr", "region_admin_and_planner"}
ADMINS = {"region_admin", "region_admin_and_planner"}
COMPLAINT = {"complaint_admin", "liaison_dpupr"}


@dataclass(frozen=True)
class Entry:
    kwargs: str  # the world's attribute holding the URL's keyword arguments
    allowed: set[str]
    method: str = "get"
    marker: str = ""  # the world's attribute holding what the page or file must show
    sequential: bool = True  # its first id names an object of its own table (not a user)


MATRIX = {
    "portal:application_detail": Entry("case_kwargs", OWNER, marker="number"),
    "portal:application_edit": Entry("case_kwargs", OWNER),
    "portal:application_review": Entry("case_kwargs", OWNER),
    "portal:application_submit": Entry("case_kwargs", OWNER, method="post"),
    "portal:application_receipt": Entry("case_kwargs", OWNER, marker="number"),
    "portal:application_withdraw": Entry("case_kwargs", OWNER, method="post"),
    "portal:document": Entry("document_kwargs", OWNER | CASE, marker="document_bytes"),
    "portal:permit_download": Entry("permit_kwargs", OWNER | CASE, marker="permit_bytes"),
    "portal:permit_follow_up": Entry("permit_kwargs", OWNER, method="post"),
    "bill_download": Entry("bill_kwargs", OWNER | CASE, marker="bill_bytes"),
    "backoffice:case": Entry("case_kwargs", CASE, marker="nik"),
    "backoffice:task_action": Entry("task_kwargs", CASE - {"leadership_dpupr"}, method="post"),
    "backoffice:document_verify": Entry("verify_kwargs", {"front_office"}, method="post"),
    "backoffice:permit_revoke": Entry("permit_kwargs", {"signing_official"}, method="post"),
    "backoffice:payment_confirm": Entry("bill_kwargs", {"treasurer"}, method="post"),
    "backoffice:bill_cancel": Entry("bill_kwargs", {"treasurer"}, method="post"),
    "backoffice:complaint": Entry("complaint_kwargs", COMPLAINT, marker="complaint_title"),
    "backoffice:complaint_attachment": Entry(
        "attachment_kwargs", COMPLAINT, marker="attachment_bytes"
    ),
    "backoffice:budget_analysis": Entry("budget_kwargs", PLANNING, marker="budget_source"),
    "backoffice:budget_fdp": Entry("budget_kwargs", PLANNING),
    "backoffice:scenario_create": Entry("budget_kwargs", PLANNERS, method="post"),
    "backoffice:scenario": Entry("scenario_kwargs", PLANNING, marker="scenario_name"),
    "backoffice:scenario_move": Entry("scenario_kwargs", PLANNING, method="post"),
    "backoffice:scenario_rumpun_add": Entry("scenario_kwargs", PLANNING, method="post"),
    "backoffice:adjustment_add": Entry("scenario_kwargs", PLANNING, method="post"),
    "backoffice:adjustment_remove": Entry("scenario_kwargs", PLANNING, method="post"),
    "backoffice:scenario_delete": Entry("scenario_kwargs", PLANNING, method="post"),
    "backoffice:compare": Entry("budget_kwargs", PLANNING),
    "backoffice:rumpun_profile": Entry("rumpun_kwargs", PLANNING, marker="rumpun_name"),
    "backoffice:suggestion_create": Entry("budget_kwargs", PLANNERS, method="post"),
    "backoffice:import_job": Entry("job_kwargs", PLANNING, marker="job_filename"),
    "backoffice:second_factor_staff_reset": Entry(
        "staff_kwargs", ADMINS, method="post", sequential=False
    ),
}


def _routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield route, name


def test_every_route_with_a_parameter_is_in_the_matrix():
    with_parameters = {
        name
        for route, name in _routes()
        if ("<" in route or "(?P<" in route) and not route.startswith("admin/")
    }
    assert sorted(with_parameters - set(MATRIX) - set(PUBLIC)) == []
    assert sorted((set(MATRIX) | set(PUBLIC)) - with_parameters) == []


# The world: one issued, paid reklame case of Siti's with her KTP; a complaint with an
# attachment routed to DPUPR; a budget with a scenario; and people of every kind.


@pytest.fixture
def world(
    region,
    other_region,
    approved_reklame,
    applicant,
    front_office,
    reviewer_dpupr,
    reviewer_dinkes,
    signing_official,
    signing_key,
    treasurer,
    region_admin,
    dpmptsp,
    dpupr,
):
    case = approved_reklame
    bill = retribusi.bill_issue(task=case.tasks.get(stage=4), actor=treasurer)
    retribusi.payment_confirm(bill=bill, actor=treasurer, reference="BNI-1", amount=bill.amount)
    permit = issuance.permit_issue(
        task=case.tasks.get(role=Role.SIGNING_OFFICIAL, status="open"),
        actor=signing_official,
        passphrase=PASSPHRASE,
    )
    bill.refresh_from_db()
    document = Document.objects.get(owner=applicant, uses__application=case)
    complaint, _secret = complaint_file(
        region=region,
        classification="complaint",
        title="Trotoar rusak di depan kantor",
        what_happened="Trotoar di Jl. Ijen rusak sejak bulan lalu.",
        name="Siti Rahmawati",
        email="siti@example.id",
        attachments=[pdf("foto.pdf")],
    )
    complaint_admin = factories.make_staff("admin.aduan", dpmptsp, Role.COMPLAINT_ADMIN)
    complaint_route(complaint=complaint, actor=complaint_admin, agency=dpupr, tier=Tier.NORMATIVE)
    attachment = complaint.attachments.get()
    codes = NomenclatureVersion.objects.create(name="Nomenklatur Uji Akses")
    budget = Budget.objects.create(
        region=region, year=2027, stage="apbd", nomenclature=codes, source_name="apbd-uji.csv"
    )
    BudgetLine.objects.create(
        budget=budget,
        agency=dpupr,
        bidang="1.03",
        program="1.03.03",
        kegiatan="1.03.03.2.01",
        sub_kegiatan="1.03.03.2.01.0001",
        amount=1_000_000,
    )
    scenario = RumpunSet.objects.create(region=region, name="Skenario Rahasia Uji")
    rumpun = Rumpun.objects.create(set=scenario, name="Rumpun Infrastruktur Uji")
    job = ImportJob.objects.create(
        region=region, kind=ImportKind.BUDGET, filename="apbd-rahasia-uji.csv"
    )
    other_agency = factories.make_agency(
        other_region, short_name="DPMPTSP", unit_code="2.18.0.00.0.00.01.0000"
    )
    people = {
        "owner": applicant,
        "other_applicant": factories.make_user("joko"),
        "front_office": front_office,
        "reviewer_dpupr": reviewer_dpupr,
        "reviewer_dinkes": reviewer_dinkes,
        "signing_official": signing_official,
        "treasurer": treasurer,
        "region_admin": region_admin,
        "complaint_admin": complaint_admin,
        "liaison_dpupr": factories.make_staff("penghubung.pupr", dpupr, Role.COMPLAINT_LIAISON),
        "planner_dpupr": factories.make_staff("perencana.pupr", dpupr, Role.PLANNER),
        "leadership_dpupr": factories.make_staff("kadis.pupr", dpupr, Role.LEADERSHIP),
        "liaison_dpmptsp": factories.make_staff("penghubung.dpm", dpmptsp, Role.COMPLAINT_LIAISON),
        "front_office_other_region": factories.make_staff(
            "fo.lain", other_agency, Role.FRONT_OFFICE
        ),
    }
    # The same person in two roles: a region admin who is also a planner sees no case.
    both = factories.make_staff("admin.perencana", dpmptsp, Role.REGION_ADMIN)
    staff_role_grant(user=both, agency=dpupr, role=Role.PLANNER)
    people["region_admin_and_planner"] = both
    with permit.pdf.open("rb") as file:
        permit_bytes = file.read()
    with bill.pdf.open("rb") as file:
        bill_bytes = file.read()
    with document.file.open("rb") as file:
        document_bytes = file.read()
    with attachment.file.open("rb") as file:
        attachment_bytes = file.read()
    return {
        "people": people,
        "case_kwargs": {"pk": case.pk},
        "task_kwargs": {
            "pk": case.pk,
            "task_pk": case.tasks.get(stage=1).pk,
            "action": "terima",
        },
        "verify_kwargs": {"pk": case.pk, "document_pk": document.pk},
        "document_kwargs": {"pk": document.pk},
        "permit_kwargs": {"pk": permit.pk},
        "bill_kwargs": {"pk": bill.pk},
        "complaint_kwargs": {"pk": complaint.pk},
        "attachment_kwargs": {"pk": complaint.pk, "attachment_pk": attachment.pk},
        "budget_kwargs": {"pk": budget.pk},
        "scenario_kwargs": {"pk": budget.pk, "scenario": scenario.pk},
        "rumpun_kwargs": {"pk": budget.pk, "rumpun_pk": rumpun.pk},
        "job_kwargs": {"pk": job.pk},
        "staff_kwargs": {"pk": signing_official.pk},
        "job_filename": job.filename,
        "number": case.registration_number,
        "nik": case.person.nik,
        "document_bytes": document_bytes,
        "permit_bytes": permit_bytes,
        "bill_bytes": bill_bytes,
        "attachment_bytes": attachment_bytes,
        "complaint_title": complaint.title,
        "budget_source": codes.name,
        "scenario_name": scenario.name,
        "rumpun_name": rumpun.name,
    }


PERSONAS = [
    "anonymous",
    "owner",
    "other_applicant",
    "front_office",
    "reviewer_dpupr",
    "reviewer_dinkes",
    "signing_official",
    "treasurer",
    "region_admin",
    "region_admin_and_planner",
    "complaint_admin",
    "liaison_dpupr",
    "liaison_dpmptsp",
    "planner_dpupr",
    "leadership_dpupr",
    "front_office_other_region",
]


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"].startswith("/masuk/")


def _marker_bytes(world, entry) -> bytes:
    value = world[entry.marker] if entry.marker else b""
    return value if isinstance(value, bytes) else str(value).encode()


def _reach(client, world, name, persona, kwargs=None):
    """What `persona` gets from route `name`: (refused?, body)."""
    entry = MATRIX[name]
    client.logout()
    user = world["people"].get(persona)
    if user is not None:
        client.force_login(user)
    response = getattr(client, entry.method)(reverse(name, kwargs=kwargs or world[entry.kwargs]))
    return response, _body(response)


def test_every_object_route_reaches_exactly_the_personas_the_matrix_allows(client, world):
    """One pass over every route and every persona (the world is costly to build)."""
    reached, leaked, not_shown = {}, [], []
    for name, entry in sorted(MATRIX.items()):
        marker = _marker_bytes(world, entry)
        reached[name] = []
        for persona in PERSONAS:
            response, body = _reach(client, world, name, persona)
            if not _refused(response):
                reached[name].append(persona)
            elif marker and marker in body:
                leaked.append((name, persona))
            # The data is there to leak: an allowed persona sees it.
            shown = (response.status_code, marker in body) == (200, True)
            if persona in entry.allowed and entry.method == "get" and marker and not shown:
                not_shown.append((name, persona, response.status_code))
    expected = {
        name: [p for p in PERSONAS if p in entry.allowed]
        # A POST may also be refused for its content: only the refused must be refused.
        if entry.method == "get"
        else [p for p in reached[name] if p in entry.allowed]
        for name, entry in sorted(MATRIX.items())
    }
    wrong = {
        name: (reached[name], expected[name]) for name in reached if reached[name] != expected[name]
    }
    assert wrong == {}
    assert leaked == []
    assert not_shown == []


def test_sequential_ids_of_other_objects_are_not_found(client, world):
    """Ids are sequential: the next ones, and one far off, do not exist for anyone."""
    found = []
    for name, entry in sorted(MATRIX.items()):
        if not entry.sequential:
            continue
        kwargs = world[entry.kwargs]
        persona = sorted(entry.allowed)[0]
        for pk in (kwargs["pk"] + 1, kwargs["pk"] + 7, 2**31 - 1):
            response, _ = _reach(client, world, name, persona, {**kwargs, "pk": pk})
            if response.status_code != 404:
                found.append((name, persona, pk, response.status_code))
    assert found == []


def test_a_region_admin_cannot_reach_staff_of_another_region(client, world):
    """The one route whose id is a user's: a staff member of another region is not found."""
    stranger = world["people"]["front_office_other_region"]
    client.force_login(world["people"]["region_admin"])
    url = reverse("backoffice:second_factor_staff_reset", kwargs={"pk": stranger.pk})
    assert client.post(url, {"reason": "HP hilang"}).status_code == 404


def test_the_file_served_is_the_stored_one(client, world):
    client.force_login(world["people"]["reviewer_dpupr"])
    response = client.get(reverse("portal:document", kwargs=world["document_kwargs"]))
    assert (
        hashlib.sha256(_body(response)).hexdigest()
        == hashlib.sha256(world["document_bytes"]).hexdigest()
    )


def test_case_visibility_is_one_rule_for_page_and_files(world):
    """visible_to_staff decides the case page and every file: no second rule to drift."""
    people = world["people"]
    region = Application.objects.get(pk=world["case_kwargs"]["pk"]).region
    seen = {
        persona: Application.objects.visible_to_staff(people[persona], region).count()
        for persona in PERSONAS
        if persona in people
    }
    assert {p for p, n in seen.items() if n} == CASE


def test_a_staff_view_of_a_document_is_audited_and_the_owners_is_not(client, world):
    from core.models import AuditEvent

    url = reverse("portal:document", kwargs=world["document_kwargs"])
    for persona in ("owner", "reviewer_dpupr"):
        client.force_login(world["people"][persona])
        _body(client.get(url))
    views = AuditEvent.objects.filter(object_type="licensing.document", action="viewed")
    assert [(e.actor_label, e.object_id) for e in views] == [
        ("agus.dpupr", str(world["document_kwargs"]["pk"]))
    ]
