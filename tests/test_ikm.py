"""The IKM held to PermenPAN-RB 14/2017: formula, bands, rounding, missing answers, and the
Krejcie-Morgan minimum sample."""

from decimal import Decimal
from fractions import Fraction

import pytest

from feedback.ikm import Band, band, index, minimum_sample

NINE = [f"U{n}" for n in range(1, 10)]


def _all(score: int, count: int = 1) -> list[dict[str, int]]:
    return [dict.fromkeys(NINE, score) for _ in range(count)]


def test_every_answer_best_is_100_and_a():
    result = index(_all(4, 3), NINE)
    assert (result.ikm, result.konversi, result.band) == (
        4,
        Decimal("100.00"),
        Band("A", "Sangat Baik"),
    )
    assert [e.nrr for e in result.elements] == [4] * 9
    assert [e.weighted for e in result.elements] == [Fraction(4, 9)] * 9


def test_every_answer_worst_is_25_and_d():
    result = index(_all(1, 2), NINE)
    assert (result.ikm, result.konversi, result.band.mutu) == (1, Decimal("25.00"), "D")


def test_the_formula_per_element_nrr_equal_weights_times_25():
    responses = [
        {"U1": 4, "U2": 3, "U3": 2, "U4": 4, "U5": 3, "U6": 3, "U7": 4, "U8": 2, "U9": 3},
        {"U1": 3, "U2": 3, "U3": 3, "U4": 4, "U5": 4, "U6": 3, "U7": 4, "U8": 3, "U9": 2},
        {"U1": 4, "U2": 2, "U3": 2, "U4": 4, "U5": 3, "U6": 4, "U7": 3, "U8": 3, "U9": 3},
    ]
    result = index(responses, NINE)
    nrr = [
        Fraction(11, 3),
        Fraction(8, 3),
        Fraction(7, 3),
        Fraction(4),
        Fraction(10, 3),
        Fraction(10, 3),
        Fraction(11, 3),
        Fraction(8, 3),
        Fraction(8, 3),
    ]
    assert [e.nrr for e in result.elements] == nrr
    assert result.ikm == sum(nrr) / 9 == Fraction(85, 27)
    assert result.konversi == Decimal("78.70")  # 85/27 × 25 = 78,7037…
    assert result.band == Band("B", "Baik")
    assert result.ikm_display == Decimal("3.1481")
    assert [e.code for e in result.priorities()] == ["U3", "U2", "U8"]


@pytest.mark.parametrize(
    ("konversi", "mutu"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_band_boundaries_on_the_rounded_value(konversi, mutu):
    assert band(Decimal(konversi)).mutu == mutu


def _scores_summing_to(total: int, respondents: int) -> list[dict[str, int]]:
    """Respondents answering all nine, 4 everywhere except enough 3s to reach `total`."""
    threes = 4 * 9 * respondents - total
    responses = []
    for _ in range(respondents):
        response = {}
        for code in NINE:
            response[code] = 3 if threes > 0 else 4
            threes -= response[code] == 3
        responses.append(response)
    return responses


def test_only_the_final_value_is_rounded_half_up_then_classified():
    # 5,000 respondents whose scores add up to 158,949: IKM × 25 = 88,305 exactly. Half up
    # gives 88,31 (A); rounding half to even, or truncating, would give 88,30 (B).
    result = index(_scores_summing_to(158_949, 5_000), NINE)
    assert result.ikm * 25 == Fraction(88_305, 1_000)
    assert (result.konversi, result.band.mutu) == (Decimal("88.31"), "A")
    # The same answers with the 0,111 weight of old spreadsheets: a lower figure and band.
    legacy = index(_scores_summing_to(158_949, 5_000), NINE, legacy=True)
    assert (legacy.konversi, legacy.band.mutu, legacy.legacy) == (Decimal("88.22"), "B", True)


def test_missing_answers_count_only_where_given_and_unanswered_elements_leave_k():
    responses = [
        {"U1": 4, "U2": 2},
        {"U1": 2, "U2": None},  # U2 skipped
        {"U1": 3},
    ]
    result = index(responses, ["U1", "U2", "U3"])
    assert [(e.code, e.answers, e.nrr) for e in result.elements] == [
        ("U1", 3, Fraction(3)),
        ("U2", 1, Fraction(2)),
    ]
    assert result.missing == ["U3"]
    assert result.ikm == Fraction(5, 2)  # (3 + 2) / 2: k = 2 answered elements
    assert (result.konversi, result.band.mutu, result.respondents) == (Decimal("62.50"), "D", 3)


def test_no_answers_give_no_index_and_bad_scores_are_refused():
    assert index([], NINE) is None
    assert index([{"U1": None}], NINE) is None
    with pytest.raises(ValueError, match="score 5 is not 1 to 4"):
        index([{"U1": 5}], NINE)
    with pytest.raises(ValueError, match="unknown element U10"):
        index([{"U10": 3}], NINE)


@pytest.mark.parametrize(
    ("population", "sample"),
    # The published Krejcie-Morgan table.
    [
        (0, 0),
        (1, 1),
        (10, 10),
        (50, 44),
        (100, 80),
        (500, 217),
        (1_000, 278),
        (10_000, 370),
        (100_000, 383),
        (1_000_000, 384),
    ],
)
def test_minimum_sample_follows_krejcie_morgan(population, sample):
    assert minimum_sample(population) == sample
