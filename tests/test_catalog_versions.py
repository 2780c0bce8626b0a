"""Publishing freezes a version; changes go into a new draft; stage budgets add up to the SLA."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog import domain
from catalog.models import (
    FormField,
    ImmutableVersionError,
    Requirement,
    ServiceVersion,
    VersionStatus,
    WorkflowTask,
)
from tests import factories


def _reklame(region, dpmptsp, dpupr, **overrides):
    return factories.make_draft(
        region,
        code="izin-reklame",
        name="Izin Reklame",
        agency=dpmptsp,
        sla_days=7,
        tasks=[
            (1, "Pemeriksaan kelengkapan", dpmptsp, "front_office", 1),
            (2, "Kajian teknis", dpupr, "technical_reviewer", 4),
            (2, "Kajian teknis", dpmptsp, "inspector", 3),
            (3, "Keputusan", dpmptsp, "signing_official", 2),
        ],
        fields=[
            {"key": "luas_m2", "label": "Luas", "kind": "area_m2", "min_value": 1},
            {"key": "lama_hari", "label": "Lama", "kind": "number", "min_value": 1},
        ],
        fee={"fee_kind": "formula", "fee_formula": "luas_m2 * lama_hari * 1000"},
        **overrides,
    )


def test_publish_makes_the_version_current(region, dpmptsp, dpupr, region_admin):
    draft = _reklame(region, dpmptsp, dpupr)
    published = domain.service_version_publish(version=draft, actor=region_admin)
    assert (published.status, published.published_by) == (VersionStatus.PUBLISHED, region_admin)
    assert draft.service.published_version == published


def test_stage_budget_is_its_longest_parallel_task(region, dpmptsp, dpupr):
    draft = _reklame(region, dpmptsp, dpupr)
    assert [(s.number, s.name, s.budget_days) for s in draft.stages()] == [
        (1, "Pemeriksaan kelengkapan", 1),
        (2, "Kajian teknis", 4),
        (3, "Keputusan", 2),
    ]
    assert draft.technical_agencies == [dpupr]


def test_a_published_version_cannot_change(region, dpmptsp, dpupr):
    version = domain.service_version_publish(version=_reklame(region, dpmptsp, dpupr), actor=None)
    version.sla_days = 3
    with pytest.raises(ImmutableVersionError):
        version.save()
    task = version.tasks.first()
    task.budget_days = 9
    with pytest.raises(ImmutableVersionError):
        task.save()
    assert ServiceVersion.objects.get(pk=version.pk).sla_days == 7
    assert WorkflowTask.objects.get(pk=task.pk).budget_days == 1


def test_a_new_draft_copies_everything_and_publishing_it_retires_the_old(region, dpmptsp, dpupr):
    first = domain.service_version_publish(version=_reklame(region, dpmptsp, dpupr), actor=None)
    draft = domain.service_version_draft(service=first.service)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert list(draft.tasks.values_list("stage", "name", "budget_days")) == list(
        first.tasks.values_list("stage", "name", "budget_days")
    )
    assert draft.fields.count() == 2
    assert Requirement.objects.filter(version=draft).count() == 1
    assert domain.service_version_draft(service=first.service) == draft  # one draft at a time

    FormField.objects.filter(version=draft, key="lama_hari").update(label="Lama pemasangan")
    domain.service_version_publish(version=draft, actor=None)
    first.refresh_from_db()
    assert first.status == VersionStatus.RETIRED
    assert first.fields.get(key="lama_hari").label == "Lama"
    assert first.service.published_version.fields.get(key="lama_hari").label == "Lama pemasangan"


def test_publish_refuses_budgets_that_do_not_add_up(region, dpmptsp, dpupr):
    draft = _reklame(region, dpmptsp, dpupr)
    ServiceVersion.objects.filter(pk=draft.pk).update(sla_days=10)
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        domain.service_version_publish(version=draft, actor=None)
    assert raised.value.messages == [
        "Anggaran waktu tahapan berjumlah 7 hari kerja, sedangkan jangka waktu penyelesaian "
        "layanan 10 hari kerja."
    ]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_publish_refuses_a_fee_formula_naming_a_missing_field(region, dpmptsp, dpupr):
    draft = _reklame(region, dpmptsp, dpupr)
    ServiceVersion.objects.filter(pk=draft.pk).update(fee_formula="luas_m2 * jumlah_titik")
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        domain.service_version_publish(version=draft, actor=None)
    assert raised.value.messages == [
        "Rumus biaya memakai kolom jumlah_titik, yang tidak ada di formulir."
    ]


def _version_form(version, *, sla_days, fee_formula, tasks, fields):
    data = {
        "procedure": "",
        "sla_days": str(sla_days),
        "correction_days": "10",
        "deemed_approval": "flag",
        "product": version.product,
        "validity_months": "",
        "complaint_channel": version.complaint_channel,
        "legal_basis": version.legal_basis,
        "delegation_decree": "",
        "fee_kind": "formula",
        "fee_amount": "",
        "fee_formula": fee_formula,
        "fee_tables": "{}",
        "fee_table_labels": "{}",
        "fee_basis": "",
        "facilities": "",
        "staff_competence": "",
        "internal_supervision": "",
        "staff_count": "",
        "service_guarantee": "",
        "security_guarantee": "",
        "performance_evaluation": "",
        "requirements-TOTAL_FORMS": "0",
        "requirements-INITIAL_FORMS": "0",
        "fields-TOTAL_FORMS": str(len(fields)),
        "fields-INITIAL_FORMS": "0",
        "tasks-TOTAL_FORMS": str(len(tasks)),
        "tasks-INITIAL_FORMS": "0",
    }
    for i, (key, kind) in enumerate(fields):
        data.update(
            {
                f"fields-{i}-order": str(i),
                f"fields-{i}-key": key,
                f"fields-{i}-label": key,
                f"fields-{i}-kind": kind,
                f"fields-{i}-required": "on",
                f"fields-{i}-min_value": "1",
            }
        )
    for i, (stage, agency, role, days) in enumerate(tasks):
        data.update(
            {
                f"tasks-{i}-stage": str(stage),
                f"tasks-{i}-stage_name": f"Tahap {stage}",
                f"tasks-{i}-name": f"Tugas {i}",
                f"tasks-{i}-agency": str(agency.pk),
                f"tasks-{i}-role": role,
                f"tasks-{i}-budget_days": str(days),
            }
        )
    return data


@pytest.fixture
def empty_draft(region, dpmptsp):
    draft = factories.make_draft(
        region, code="izin-parkir", name="Izin Parkir", agency=dpmptsp, sla_days=3
    )
    draft.tasks.all().delete()
    draft.requirements.all().delete()
    return draft


def test_admin_refuses_budgets_that_do_not_add_up_and_saves_nothing(
    client, region_admin, empty_draft, dpmptsp
):
    client.force_login(region_admin)
    data = _version_form(
        empty_draft,
        sla_days=5,
        fee_formula="luas * 1000",
        tasks=[(1, dpmptsp, "front_office", 1), (2, dpmptsp, "signing_official", 2)],
        fields=[("luas", "area_m2")],
    )
    response = client.post(
        reverse("admin:catalog_serviceversion_change", args=[empty_draft.pk]), data
    )
    assert response.status_code == 200
    errors = [formset.non_form_errors() for formset in response.context["inline_admin_formsets"]]
    assert [list(e) for e in errors if e] == [
        [
            "Anggaran waktu tahapan berjumlah 3 hari kerja, sedangkan jangka waktu "
            "penyelesaian layanan 5 hari kerja."
        ]
    ]
    empty_draft.refresh_from_db()
    assert (empty_draft.sla_days, empty_draft.tasks.count(), empty_draft.fields.count()) == (
        3,
        0,
        0,
    )


def test_admin_refuses_a_formula_with_a_missing_field_and_saves_nothing(
    client, region_admin, empty_draft, dpmptsp
):
    client.force_login(region_admin)
    data = _version_form(
        empty_draft,
        sla_days=3,
        fee_formula="luas * hari * 1000",
        tasks=[(1, dpmptsp, "front_office", 1), (2, dpmptsp, "signing_official", 2)],
        fields=[("luas", "area_m2")],
    )
    response = client.post(
        reverse("admin:catalog_serviceversion_change", args=[empty_draft.pk]), data
    )
    errors = [formset.non_form_errors() for formset in response.context["inline_admin_formsets"]]
    assert [list(e) for e in errors if e] == [
        ["Rumus biaya memakai kolom hari, yang tidak ada di formulir."]
    ]
    empty_draft.refresh_from_db()
    assert (empty_draft.fee_formula, empty_draft.fields.count()) == ("", 0)


def test_admin_saves_a_sound_draft(client, region_admin, empty_draft, dpmptsp):
    client.force_login(region_admin)
    data = _version_form(
        empty_draft,
        sla_days=3,
        fee_formula="luas * 1000",
        tasks=[(1, dpmptsp, "front_office", 1), (2, dpmptsp, "signing_official", 2)],
        fields=[("luas", "area_m2")],
    )
    response = client.post(
        reverse("admin:catalog_serviceversion_change", args=[empty_draft.pk]), data
    )
    assert response.status_code == 302
    empty_draft.refresh_from_db()
    assert (empty_draft.fee_formula, empty_draft.tasks.count()) == ("luas * 1000", 2)
    assert empty_draft.fee_for({"luas": 12}) == 12_000


def test_admin_shows_a_published_version_read_only(client, region_admin, region, dpmptsp):
    service = factories.make_service(region, code="sip-bidan", name="SIP Bidan", agency=dpmptsp)
    version = service.published_version
    client.force_login(region_admin)
    response = client.post(
        reverse("admin:catalog_serviceversion_change", args=[version.pk]),
        {"sla_days": "1", "product": "Lain"},
    )
    assert response.status_code == 403
    version.refresh_from_db()
    assert (version.sla_days, version.product) == (5, "Surat SIP Bidan")


def test_region_admin_sees_only_own_region_services(
    client, region_admin, region, other_region, dpmptsp
):
    factories.make_service(region, code="sip-bidan", name="SIP Bidan", agency=dpmptsp)
    elsewhere = factories.make_agency(
        other_region, short_name="DPMPTSP", unit_code="2.18.0.00.0.00.01.0000"
    )
    factories.make_service(other_region, code="sip-bidan", name="SIP Bidan Lain", agency=elsewhere)
    client.force_login(region_admin)
    response = client.get(reverse("admin:catalog_service_changelist"))
    assert [s.name for s in response.context["cl"].result_list] == ["SIP Bidan"]


def test_admin_refuses_a_second_draft_with_a_message(client, region_admin, region, dpmptsp):
    draft = factories.make_draft(region, code="sip-bidan", name="SIP Bidan", agency=dpmptsp)
    client.force_login(region_admin)
    response = client.post(
        reverse("admin:catalog_serviceversion_add"),
        {
            "service": draft.service.pk,
            "sla_days": "5",
            "correction_days": "10",
            "deemed_approval": "flag",
            "product": "SIP",
            "complaint_channel": "LAPOR!",
            "legal_basis": "UU 25/2009",
            "fee_kind": "free",
            "fee_tables": "{}",
            "fee_table_labels": "{}",
            "requirements-TOTAL_FORMS": "0",
            "requirements-INITIAL_FORMS": "0",
            "fields-TOTAL_FORMS": "0",
            "fields-INITIAL_FORMS": "0",
            "tasks-TOTAL_FORMS": "0",
            "tasks-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["service"] == [
        "Layanan ini sudah memiliki draf; suntinglah draf itu alih-alih menambah draf baru."
    ]
    assert ServiceVersion.objects.filter(service=draft.service).count() == 1
