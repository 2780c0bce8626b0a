"""Fee rules: free, flat, or a formula over form fields, evaluated exactly and safely."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.fees import FeeFormula
from catalog.models import FieldKind, FormField, fee_errors

TARIFF = {"tarif_lokasi": {"a": 1500, "b": 1000, "c": 500}}
ADVERT = "luas_m2 * lama_hari * tarif_lokasi[kelas_lokasi]"


def _fields():
    return [
        FormField(key="luas_m2", label="Luas", kind=FieldKind.AREA, min_value=Decimal(1)),
        FormField(key="lama_hari", label="Lama (hari)", kind=FieldKind.NUMBER, min_value=1),
        FormField(
            key="kelas_lokasi",
            label="Kelas jalan",
            kind=FieldKind.CHOICE,
            choices="a|Kelas A\nb|Kelas B\nc|Kelas C",
        ),
        FormField(key="naskah", label="Naskah", kind=FieldKind.TEXT),
    ]


def test_advertisement_fee_is_area_times_days_times_tariff():
    formula = FeeFormula.parse(ADVERT)
    values = {"luas_m2": Decimal("12.5"), "lama_hari": 30, "kelas_lokasi": "a"}
    assert formula.evaluate(values, TARIFF) == 562_500


def test_fee_is_exact_and_rounded_half_up_to_whole_rupiah():
    formula = FeeFormula.parse("jumlah * 0.1")
    # 0.1 is exact in Decimal; a float would give 0.30000000000000004.
    assert formula.evaluate({"jumlah": 3}, {}) == 0
    assert formula.evaluate({"jumlah": 5}, {}) == 1  # 0.5 rounds half up
    assert formula.evaluate({"jumlah": Decimal("24.9")}, {}) == 2


def test_fee_formula_knows_min_and_max():
    formula = FeeFormula.parse("max(50000, luas * 2500)")
    assert formula.evaluate({"luas": 10}, {}) == 50_000
    assert formula.evaluate({"luas": 100}, {}) == 250_000


def test_fee_formula_names_the_fields_and_tables_it_reads():
    formula = FeeFormula.parse(ADVERT)
    assert formula.field_names() == {"luas_m2", "lama_hari"}
    assert formula.lookups() == {"tarif_lokasi": "kelas_lokasi"}


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('true')",
        "luas.__class__",
        "[1, 2]",
        "'teks' * 3",
        "luas ** 1000000",
        "lambda: 1",
        "luas if luas else 0",
    ],
)
def test_fee_formula_refuses_anything_but_arithmetic(source):
    with pytest.raises(ValidationError):
        FeeFormula.parse(source)


def test_fee_formula_division_by_zero_is_a_clear_error():
    formula = FeeFormula.parse("luas / hari")
    with pytest.raises(ValidationError) as raised:
        formula.evaluate({"luas": 10, "hari": 0}, {})
    assert raised.value.messages == ["Rumus biaya membagi dengan nol."]


def test_fee_errors_accept_a_sound_formula():
    assert fee_errors(kind="formula", formula=ADVERT, tables=TARIFF, fields=_fields()) == []


def test_fee_errors_name_a_missing_field():
    errors = fee_errors(
        kind="formula", formula="luas_m2 * durasi * 1000", tables={}, fields=_fields()
    )
    assert errors == ["Rumus biaya memakai kolom durasi, yang tidak ada di formulir."]


def test_fee_errors_refuse_text_used_as_a_number():
    errors = fee_errors(kind="formula", formula="naskah * 1000", tables={}, fields=_fields())
    assert errors == [
        "Rumus biaya memakai naskah sebagai angka, padahal kolom itu bukan kolom angka."
    ]


def test_fee_errors_find_a_division_by_zero_at_the_edge_of_a_range():
    fields = [FormField(key="hari", label="Hari", kind=FieldKind.NUMBER)]  # may be 0
    assert fee_errors(kind="formula", formula="100000 / hari", tables={}, fields=fields) == [
        "Rumus biaya membagi dengan nol."
    ]
    assert fee_errors(kind="formula", formula="100000 / 0", tables={}, fields=[]) == [
        "Rumus biaya membagi dengan nol."
    ]


def test_fee_errors_want_a_tariff_for_every_choice():
    tables = {"tarif_lokasi": {"a": 1500, "b": 1000}}
    assert fee_errors(kind="formula", formula=ADVERT, tables=tables, fields=_fields()) == [
        "Tabel tarif tarif_lokasi tidak memuat tarif untuk c."
    ]


def test_fee_description_reads_as_words():
    labels = {
        "luas_m2": "Luas",
        "lama_hari": "Lama (hari)",
        "kelas_lokasi": "Kelas jalan",
        "tarif_lokasi": "Tarif",
    }
    assert FeeFormula.parse(ADVERT).describe(labels) == "Luas × Lama (hari) × Tarif (Kelas jalan)"
    assert FeeFormula.parse("(a + b) * 2").describe({}) == "(a + b) × 2"
