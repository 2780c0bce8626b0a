"""The real files of the shared reference data (`../shared/data/` beside the project), read
unchanged: from there when the checkout sits beside it, else from the byte-identical copy
under tests/data/ (a clone elsewhere, CI). Either way the bytes are checked against the
hashes below, so a test never runs on an edited file."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHA256 = {
    "apbd-jabar-2022/subkegiatan.csv": (
        "c4b67aaae7a843653ab43d1f8f640254b7d83a369c73c265b99a540deeb42677"
    ),
    "apbd-jabar-2022/kegiatan.csv": (
        "40d1c01ce1ded451235970219472ecaa057ebd7de1e33ddb5b09867a89d3aff2"
    ),
    "apbd-jabar-2022/program.csv": (
        "c8ee9b6c57e296357aa4a740620528b0e1a2bb527cdaffb73ee632c2619aec18"
    ),
    "nomenklatur-nasional/nomenklatur-2027.xlsx": (
        "39bc802654445f02a66c5bfc0cd8edd4db35a448a26411f50c8bacf9154d4f11"
    ),
    "nomenklatur-nasional/subkeg900.xlsx": (
        "3d05a8ccabb822f2485e18c9e0cc15fb6e9e8c6586a9b079eab6486fd91834b1"
    ),
}


def shared_file(relative: str) -> Path:
    for path in (ROOT.parent / "shared/data" / relative, ROOT / "tests/data" / relative):
        if path.exists():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest != SHA256[relative]:
                raise AssertionError(f"{path} is not the file as published (sha256 {digest})")
            return path
    raise AssertionError(f"{relative} is missing from ../shared/data and tests/data")
