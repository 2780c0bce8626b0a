"""Rupiah are whole numbers, typed the way Indonesians write them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog import domain
from core.money import parse_rupiah
from tests import factories


@pytest.mark.parametrize(
    ("text", "amount"),
    [("300.000", 300_000), ("Rp1.250.000", 1_250_000), ("1250000", 1_250_000), ("Rp 5.000", 5000)],
)
def test_rupiah_reads_the_thousands_dot(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["300.00", "1.250.000,50", "1,5 juta", "12.5", "-5000"])
def test_rupiah_refuses_sen_and_guesswork(text):
    with pytest.raises(ValidationError) as raised:
        parse_rupiah(text)
    assert raised.value.messages == ["Tuliskan jumlah dalam rupiah bulat, misalnya 1.250.000."]


def test_admin_saves_a_flat_fee_typed_with_dots_as_rupiah(client, region, dpmptsp, region_admin):
    draft = factories.make_draft(region, code="slhs", name="SLHS", agency=dpmptsp, sla_days=5)
    client.force_login(region_admin)
    url = reverse("admin:catalog_serviceversion_change", args=[draft.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, "") or "" for name in form.fields}
    data.update(
        {
            "fee_kind": "flat",
            "fee_amount": "300.000",
            "fee_tables": "{}",
            "fee_table_labels": "{}",
            "validity_months": "",
            "sla_days": "5",
        }
    )
    for prefix, rows in (
        ("requirements", draft.requirements.all()),
        ("fields", []),
        ("tasks", draft.tasks.all()),
    ):
        data.update(
            {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))}
        )
    for i, requirement in enumerate(draft.requirements.all()):
        data.update(
            {
                f"requirements-{i}-id": requirement.pk,
                f"requirements-{i}-version": draft.pk,
                f"requirements-{i}-order": requirement.order,
                f"requirements-{i}-document_type": requirement.document_type_id,
                f"requirements-{i}-mandatory": "on",
            }
        )
    for i, task in enumerate(draft.tasks.all()):
        data.update(
            {
                f"tasks-{i}-id": task.pk,
                f"tasks-{i}-version": draft.pk,
                f"tasks-{i}-stage": task.stage,
                f"tasks-{i}-stage_name": task.stage_name,
                f"tasks-{i}-name": task.name,
                f"tasks-{i}-agency": task.agency_id,
                f"tasks-{i}-role": task.role,
                f"tasks-{i}-budget_days": task.budget_days,
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.fee_kind, draft.fee_amount) == ("flat", 300_000)
    published = domain.service_version_publish(version=draft, actor=region_admin)
    page = client.get(reverse("portal:service_detail", args=["slhs"]))
    assert published.fee_amount == 300_000
    assert "Rp300.000" in page.text
