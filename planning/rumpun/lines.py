"""A budget stage's lines as the rumpun analysis reads them, with their thematic tags, and
the akun group of an account code."""

from dataclasses import dataclass
from decimal import Decimal

from planning.models import Budget, BudgetLine
from planning.tags import tags_of

AKUN_GROUPS = [
    ("5.1.01", "Belanja pegawai"),
    ("5.1.02", "Belanja barang dan jasa"),
    ("5.1.05", "Hibah"),
    ("5.1.06", "Bantuan sosial"),
    ("5.2", "Belanja modal"),
    ("5.3", "Belanja tidak terduga"),
    ("5.4", "Belanja transfer"),
]


def akun_group(akun: str) -> str:
    for prefix, name in AKUN_GROUPS:
        if akun == prefix or akun.startswith(prefix + "."):
            return name
    return "Lainnya" if akun else "Tanpa rekening"


@dataclass
class Line:
    pk: int
    agency: int
    sub_kegiatan: str
    bidang: str
    program: str
    is_penunjang: bool
    akun: str
    sumber_dana: str
    amount: Decimal
    tags: frozenset[str] = frozenset()


def budget_lines(budget: Budget) -> list[Line]:
    tags = tags_of(budget.region)
    return [
        Line(*row, tags=tags.get(row[2], frozenset()))
        for row in BudgetLine.objects.filter(budget=budget).values_list(
            "pk",
            "agency_id",
            "sub_kegiatan",
            "bidang",
            "program",
            "is_penunjang",
            "akun",
            "sumber_dana",
            "amount",
        )
    ]
