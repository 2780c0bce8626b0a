"""Similar names under different codes: sub kegiatan whose names are nearly the same,
compared by character n-gram TF-IDF with cosine similarity (ADR 0028)."""

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain

from planning.models import Budget
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
        if not line.is_penunjang and line.amount > 0:  # a line at Rp0 funds nothing
            funded[line.sub_kegiatan].add(line.agency)
    names = dict(budget.nomenclature_items().filter(code__in=funded).values_list("code", "name"))
    return similar_pairs(names, funded, threshold=threshold)


def char_ngram_tfidf(texts: list[str]):
    """The L2-normalised TF-IDF matrix (scipy CSR, float32) of the texts' character n-grams
    of 3 to 5 within words padded with a space, with sublinear tf and smoothed idf: what
    scikit-learn's TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
    sublinear_tf=True) gives for lower-cased texts with single spaces, without importing
    scikit-learn in every web process for this one function (ADR 0028)."""
    import numpy
    from scipy.sparse import csr_matrix

    columns: dict[str, int] = {}
    grams_of: dict[str, list[int]] = {}  # names share their words: each word's n-grams once

    def grams(word: str) -> list[int]:
        padded = f" {word} "
        found = []
        for n in range(3, 6):
            found.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
            if len(padded) <= n:
                break  # a word shorter than n counts once, as in scikit-learn
        return [columns.setdefault(gram, len(columns)) for gram in found]

    indptr, indices, counts = [0], [], []
    for text in texts:
        row = Counter(
            chain.from_iterable(
                grams_of[word] if word in grams_of else grams_of.setdefault(word, grams(word))
                for word in text.split()
            )
        )
        indices.extend(row.keys())
        counts.extend(row.values())
        indptr.append(len(indices))
    # Columns numbered in the n-grams' sorted order, as scikit-learn numbers them.
    order = numpy.empty(len(columns), dtype=numpy.int64)
    order[[columns[gram] for gram in sorted(columns)]] = numpy.arange(len(columns))
    column = order[numpy.asarray(indices, dtype=numpy.int64)]
    weights = numpy.log(numpy.asarray(counts, dtype=numpy.float32)) + 1  # sublinear tf
    documents = numpy.bincount(column, minlength=len(columns)).astype(numpy.float32)
    weights *= (numpy.log(numpy.float32(len(texts) + 1) / (documents + 1)) + 1)[column]
    matrix = csr_matrix(
        (weights, column.astype(numpy.int32), numpy.asarray(indptr, dtype=numpy.int32)),
        shape=(len(texts), len(columns)),
    )
    matrix.sort_indices()
    lengths = numpy.sqrt(
        numpy.add.reduceat(matrix.data.astype(numpy.float64) ** 2, matrix.indptr[:-1])
    )
    matrix.data /= numpy.repeat(lengths, numpy.diff(matrix.indptr)).astype(numpy.float32)
    return matrix


def similar_pairs(
    names: dict[str, str], funded: dict[str, set[int]], *, threshold: float
) -> list[SimilarPair]:
    """All pairs of names whose cosine is at least `threshold`. The product of the TF-IDF
    matrix with itself is taken by sparse_dot_topn, which keeps only the values above the
    threshold as it goes, on every core (scipy's product would build the nearly dense
    matrix of all pairs first: ADR 0019, docs/benchmarks.md)."""
    import numpy
    from sparse_dot_topn import sp_matmul_topn

    codes_ = sorted(c for c in names if _core(names[c]))
    if len(codes_) < 2:
        return []
    matrix = char_ngram_tfidf([_core(names[c]) for c in codes_])
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
        first, second = set(funded.get(a, ())), set(funded.get(b, ()))
        # Not siblings of one kegiatan (its steps are alike by design), and not two items
        # of the same agency or agencies: duplication is between different funders.
        if (
            a.rsplit(".", 1)[0] != b.rsplit(".", 1)[0]
            and len(first | second) > 1
            and first != second
        ):
            pairs.append(
                SimilarPair(
                    a,
                    b,
                    names[a],
                    names[b],
                    round(min(value, 1.0), 3),
                    (first, second),
                )
            )
    return sorted(pairs, key=lambda p: (-p.similarity, p.first, p.second))
