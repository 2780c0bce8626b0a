"""A service's typed form schema validates an applicant's answers."""

import pytest

from tests import factories


@pytest.fixture
def reklame(region, dpmptsp):
    return factories.make_draft(
        region,
        code="izin-reklame",
        name="Izin Reklame",
        agency=dpmptsp,
        fields=[
            {"key": "naskah", "label": "Naskah", "kind": "text", "max_length": 20},
            {"key": "luas_m2", "label": "Luas", "kind": "area_m2", "min_value": 1},
            {"key": "lama_hari", "label": "Lama", "kind": "number", "max_value": 365},
            {"key": "nilai", "label": "Nilai investasi", "kind": "money", "required": False},
            {"key": "mulai", "label": "Mulai", "kind": "date"},
            {"key": "kelas", "label": "Kelas", "kind": "choice", "choices": "a|Kelas A\nb|Kelas B"},
            {"key": "titik", "label": "Titik", "kind": "coordinates"},
            {"key": "uraian", "label": "Uraian", "kind": "long_text", "required": False},
        ],
        fee={
            "fee_kind": "formula",
            "fee_formula": "luas_m2 * lama_hari * tarif[kelas]",
            "fee_tables": {"tarif": {"a": 1500, "b": 1000}},
        },
    )


def test_form_accepts_sound_answers_and_gives_the_fee(reklame):
    form = reklame.application_form_class()(
        {
            "naskah": "Promo Bakso",
            "luas_m2": "12,5",
            "lama_hari": "30",
            "nilai": "",
            "mulai": "2026-12-01",
            "kelas": "a",
            "titik": "-7.9666, 112.6326",
        }
    )
    assert form.errors == {}
    assert reklame.fee_for(form.cleaned_data) == 562_500


def test_form_explains_each_bad_answer_in_indonesian(reklame):
    form = reklame.application_form_class()(
        {
            "naskah": "x" * 21,
            "luas_m2": "0",
            "lama_hari": "400",
            "mulai": "besok",
            "kelas": "z",
            "titik": "Jl. Ijen",
        }
    )
    assert {field: list(errors) for field, errors in form.errors.items()} == {
        "naskah": [
            "Pastikan nilai ini mengandung paling banyak 20 karakter (sekarang 21 karakter)."
        ],
        "luas_m2": ["Pastikan nilai ini lebih besar dari atau sama dengan 1."],
        "lama_hari": ["Pastikan nilai ini lebih kecil dari atau sama dengan 365."],
        "mulai": ["Masukkan tanggal yang valid."],
        "kelas": ["Masukkan pilihan yang valid. z bukan salah satu dari pilihan yang tersedia."],
        "titik": ["Tuliskan koordinat sebagai lintang, bujur, misalnya -7.9666, 112.6326."],
    }
