"""Similar names under different codes: sub kegiatan whose names are nearly the same,
compared by character n-gram TF-IDF (scikit-learn) with cosine similarity. Kept apart so
that the vectoriser can be replaced without touching the rest of the analysis."""

import os
import re
from collections import defaultdict
from dataclasses import dataclass

from planning.models import Budget, NomenclatureItem
from planning.rumpun.lines import Line, budget_lines

# Words every second name carries: they say what kind of activity it is, not what it is about,
# and would make unrelated items look alike.
GENERIC_WORDS = {
    "dan",
    "di",
    "ke",
    "dari",
    "yang",
    "untuk",
    "atau",
    "serta",
    "dalam",
    "pada",
    "bagi",
    "penyediaan",
    "pengelolaan",
    "pelaksanaan",
    "penyelenggaraan",
    "koordinasi",
    "fasilitasi",
    "pembinaan",
    "pengembangan",
    "peningkatan",
    "penyusunan",
    "pengadaan",
    "pemeliharaan",
    "kegiatan",
    "program",
    "daerah",
    "kabupaten",
    "kota",
    "kabupaten/kota",
    "provinsi",
    "urusan",
    "pemerintahan",
    "perangkat",
    "layanan",
    "pelayanan",
    "sarana",
    "prasarana",
}


@dataclass
class SimilarPair:
    first: str
    second: str
    first_name: str
    second_name: str
    similarity: float
    agencies: tuple[set[int], set[int]]


def _core(name: str) -> str:
    words = [w for w in re.split(r"[^\w/]+", name.lower()) if w and w not in GENERIC_WORDS]
    return " ".join(words)


def similar_names(
    budget: Budget, *, threshold: float = 0.8, lines: list[Line] | None = None
) -> list[SimilarPair]:
    """Sub kegiatan with different codes but nearly the same name, funded by different
    agencies: character n-gram TF-IDF, cosine similarity at or above `threshold`. Program
    01 is left out and generic words are removed first, or they would flood the list."""
    funded: dict[str, set[int]] = defaultdict(set)
    for line in lines if lines is not None else budget_lines(budget):
        if not line.is_penunjang:
            funded[line.sub_kegiatan].add(line.agency)
    names = dict(
        NomenclatureItem.objects.filter(version=budget.nomenclature, code__in=funded).values_list(
            "code", "name"
        )
    )
    return similar_pairs(names, funded, threshold=threshold)


def similar_pairs(
    names: dict[str, str], funded: dict[str, set[int]], *, threshold: float
) -> list[SimilarPair]:
    """All pairs of names whose cosine is at least `threshold`. The product of the TF-IDF
    matrix with itself is taken by sparse_dot_topn, which keeps only the values above the
    threshold as it goes, on every core (scipy's product would build the nearly dense
    matrix of all pairs first: ADR 0019, docs/benchmarks.md)."""
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sparse_dot_topn import sp_matmul_topn

    codes_ = sorted(c for c in names if _core(names[c]))
    if len(codes_) < 2:
        return []
    matrix = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=numpy.float32
    ).fit_transform([_core(names[c]) for c in codes_])
    # Rows are L2-normalised: the product is the cosine. "Greater than" in the library:
    # a hair below the threshold keeps the pairs exactly at it.
    right = matrix.T.tocsr()

    def product(top_n: int):
        return sp_matmul_topn(
            matrix,
            right,
            top_n=top_n,
            threshold=threshold - 1e-6,
            n_threads=min(4, os.cpu_count() or 1),
        )

    # Room for 512 matches a name is quicker to allocate than room for all; a name that
    # fills it might have more, and then all are computed again with room for every name.
    similarity = product(min(512, len(codes_)))
    if len(codes_) > 512 and numpy.diff(similarity.indptr).max(initial=0) >= 512:
        similarity = product(len(codes_))
    similarity = similarity.tocoo()
    upper = similarity.row < similarity.col
    pairs = []
    for i, j, value in zip(
        similarity.row[upper].tolist(),
        similarity.col[upper].tolist(),
        similarity.data[upper].tolist(),
        strict=True,
    ):
        a, b = codes_[i], codes_[j]
        if len(funded.get(a, set()) | funded.get(b, set())) > 1:  # different agencies
            pairs.append(
                SimilarPair(
                    a,
                    b,
                    names[a],
                    names[b],
                    round(min(value, 1.0), 3),
                    (funded.get(a, set()), funded.get(b, set())),
                )
            )
    return sorted(pairs, key=lambda p: (-p.similarity, p.first, p.second))
