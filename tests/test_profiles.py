"""Applicant profiles: a person or a business represented by a person, validated on entry."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from org.models import Business, Person
from tests import factories


def _person(region, **overrides):
    fields = {
        "region": region,
        "nik": "3573014508900002",
        "name": "Siti Rahmawati",
        "address": "Jl. Ijen No. 10, Malang",
        "phone": "0812-3456-7890",
        "email": "siti@example.id",
    }
    fields.update(overrides)
    return Person(**fields)


def test_person_is_normalised_on_clean(region):
    person = _person(region, nik="3573 0145 0890 0002")
    person.full_clean()
    person.save()
    person.refresh_from_db()
    assert (person.nik, person.phone, person.phone_display) == (
        "3573014508900002",
        "+6281234567890",
        "0812-3456-7890",
    )
    assert person.masked_name == "S*** R********"


def test_person_with_bad_nik_and_phone_gets_both_messages_and_is_not_saved(region):
    person = _person(region, nik="1234", phone="12")
    with pytest.raises(ValidationError) as raised:
        person.full_clean()
    assert raised.value.message_dict == {
        "nik": ["NIK terdiri atas tepat 16 digit."],
        "phone": ["12 bukan nomor telepon yang sah; tuliskan seperti 0812-3456-7890."],
    }
    assert Person.objects.count() == 0


def test_business_checks_nib_and_npwp(region):
    person = _person(region)
    person.full_clean()
    person.save()
    business = Business(
        region=region,
        nib="912000123",
        npwp="31.459.876.5-623.000",
        name="CV Maju Jaya",
        address="Jl. Soekarno-Hatta 5, Malang",
        representative=person,
    )
    with pytest.raises(ValidationError) as raised:
        business.full_clean()
    assert raised.value.message_dict == {
        "nib": ["NIB terdiri atas tepat 13 digit."],
        "npwp": ["Digit pemeriksa NPWP (digit kesembilan dari 15 digit lama) salah."],
    }
    business.nib = "9120001234567"
    business.npwp = "31.459.876.4-623.000"
    business.full_clean()
    business.save()
    assert (business.npwp, business.npwp_display) == ("314598764623000", "31.459.876.4-623.000")


def test_business_representative_must_be_of_the_same_region(region, other_region):
    person = _person(other_region)
    person.full_clean()
    person.save()
    business = Business(
        region=region,
        nib="9120001234567",
        npwp="314598764623000",
        name="CV Maju Jaya",
        address="Malang",
        representative=person,
    )
    with pytest.raises(ValidationError) as raised:
        business.full_clean()
    assert raised.value.message_dict == {"representative": ["Perwakilan berasal dari daerah lain."]}


@pytest.fixture
def operator(db):
    """The install's superuser: the only one who edits applicants' identities in the admin."""
    return factories.make_user("operator", is_staff=True, is_superuser=True)


def test_admin_refuses_a_person_with_bad_nik_and_phone_and_saves_nothing(client, region, operator):
    client.force_login(operator)
    response = client.post(
        reverse("admin:org_person_add"),
        {
            "region": region.pk,
            "nik": "3573 0145 0890",
            "name": "Siti Rahmawati",
            "address": "Jl. Ijen 10",
            "phone": "0812",
            "email": "",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "nik": ["NIK terdiri atas tepat 16 digit."],
        "phone": ["0812 bukan nomor telepon yang sah; tuliskan seperti 0812-3456-7890."],
    }
    assert Person.objects.count() == 0


def test_admin_refuses_a_business_with_bad_npwp_and_saves_nothing(client, region, operator):
    person = _person(region)
    person.full_clean()
    person.save()
    client.force_login(operator)
    response = client.post(
        reverse("admin:org_business_add"),
        {
            "region": region.pk,
            "nib": "9120001234567",
            "npwp": "31.459.876.5-623.000",
            "name": "CV Maju Jaya",
            "address": "Malang",
            "representative": person.pk,
        },
    )
    assert response.context["adminform"].form.errors == {
        "npwp": ["Digit pemeriksa NPWP (digit kesembilan dari 15 digit lama) salah."]
    }
    assert Business.objects.count() == 0


def test_a_region_admin_never_browses_applicants_identities_in_the_admin(
    client, region, region_admin
):
    """A walk found every applicant's NIK, address and contacts (and the account they sign
    in with, editable) open to the region admin, who never opens a case."""
    person = _person(region)
    person.full_clean()
    person.save()
    client.force_login(region_admin)
    pages = [
        reverse("admin:org_person_changelist"),
        reverse("admin:org_person_change", args=[person.pk]),
        reverse("admin:org_business_changelist"),
    ]
    answers = [client.get(page) for page in pages]
    assert [a.status_code for a in answers] == [403, 403, 403]
    assert all(person.nik.encode() not in a.content for a in answers)
    index = client.get(reverse("admin:index")).content.decode()
    assert ("/admin/org/person/" in index, "/admin/org/agency/" in index) == (False, True)


def test_a_region_admin_cannot_delete_their_region(client, region, region_admin):
    client.force_login(region_admin)
    response = client.get(reverse("admin:org_region_delete", args=[region.pk]))
    assert response.status_code == 403
