"""The satisfaction index (IKM) exactly as PermenPAN-RB 14/2017 defines it: per element the
average score (NRR), equal weights 1/k, IKM = Σ NRR × 1/k, converted × 25; only the final
value is rounded (two decimals, half up) and the rounded value is classified. Fractions
throughout, so no 0,111 weight creeps in. Also the Krejcie-Morgan minimum sample."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SCORES = (1, 2, 3, 4)
# Lower bounds of the converted value (rounded to two decimals) for each quality band.
BANDS = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
LEGACY_WEIGHT = Fraction(111, 1000)  # what old spreadsheets used for 1/9; labelled as such
# Decimals shown on the page (templates/backoffice/skm_report.html) and in every file.
NRR_PLACES = 3  # an element's NRR and weighted NRR
IKM_PLACES = 4  # the index on 1 to 4
KONVERSI_PLACES = 2  # the converted index, rounded so before it is classified


@dataclass(frozen=True)
class Band:
    mutu: str  # A, B, C, D
    kinerja: str  # Sangat Baik … Tidak Baik


@dataclass
class ElementResult:
    code: str
    answers: int
    total: int
    nrr: Fraction  # average score, 1 to 4
    weighted: Fraction  # nrr × weight


@dataclass
class Index:
    elements: list[ElementResult]  # in the order of the element codes given
    missing: list[str]  # elements nobody answered: left out of k
    respondents: int
    ikm: Fraction  # 1 to 4, exact
    konversi: Decimal  # 25 to 100, rounded half up to two decimals
    band: Band
    legacy: bool = False

    @property
    def ikm_display(self) -> Decimal:
        return round_half_up(self.ikm, f"1e-{IKM_PLACES}")

    def priorities(self, count: int = 3) -> list[ElementResult]:
        """The weakest elements first: where to improve."""
        return sorted(self.elements, key=lambda e: (e.nrr, e.code))[:count]


def round_half_up(value: Fraction, places: str = "0.01") -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


def band(konversi: Decimal) -> Band:
    for lower, mutu, kinerja in BANDS:
        if konversi >= lower:
            return Band(mutu, kinerja)
    return Band("D", "Tidak Baik")  # only the legacy 0,111 weight can fall below 25


def index(
    responses: Iterable[dict[str, int]], codes: list[str], *, legacy: bool = False
) -> Index | None:
    """IKM over responses (element code → score; an element may be unanswered). `codes`
    are the elements of the survey, in report order. Elements nobody answered are left
    out (k counts the answered ones) and listed. None when there is no answer at all.
    `legacy` weighs each element 0,111 as old spreadsheets did, to reproduce their figures."""
    totals: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    respondents = 0
    for response in responses:
        answered = False
        for code, score in response.items():
            if score is None:
                continue
            if code not in codes:
                raise ValueError(f"unknown element {code}")
            if score not in SCORES:
                raise ValueError(f"score {score} is not 1 to 4")
            totals[code] += score
            counts[code] += 1
            answered = True
        respondents += answered
    present = [code for code in codes if counts[code]]
    if not present:
        return None
    weight = LEGACY_WEIGHT if legacy else Fraction(1, len(present))
    elements = []
    for code in present:
        nrr = Fraction(totals[code], counts[code])
        elements.append(ElementResult(code, counts[code], totals[code], nrr, nrr * weight))
    ikm = sum((e.weighted for e in elements), Fraction(0))
    konversi = round_half_up(ikm * 25, f"1e-{KONVERSI_PLACES}")
    return Index(
        elements=elements,
        missing=[code for code in codes if not counts[code]],
        respondents=respondents,
        ikm=ikm,
        konversi=konversi,
        band=band(konversi),
        legacy=legacy,
    )


CHI_SQUARE = Fraction(3841, 1000)  # one degree of freedom, 95% confidence
PROPORTION = Fraction(1, 2)
MARGIN = Fraction(5, 100)


def minimum_sample(population: int) -> int:
    """Krejcie & Morgan (1970): S = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), to the nearest whole
    number (halves up)."""
    if population <= 0:
        return 0
    spread = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    size = spread * population / (MARGIN**2 * (population - 1) + spread)
    return int(round_half_up(size, "1"))
