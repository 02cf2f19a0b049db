"""MinHash signatures of article bodies, over word shingles.

The signature is computed from the body text only (never the title: syndicated copies often carry
a rewritten or translated headline over the same wire copy).  Words are case-folded and stripped
of punctuation so a site's typographic quotes or dashes do not change the shingles.  Shingle
hashes use CRC-32, which is stable across processes and restarts (Python's ``hash`` is salted),
so a signature stored today is comparable with one computed after a restart.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128  # permutations per signature: 128 x 4 bytes stored per article
SHINGLE_WORDS = 4  # words per shingle; short enough to survive light edits, long enough to be specific
SEED = 7  # fixed: signatures must be comparable across runs
SCHEME = "affine32"

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Signature:
    """A body's MinHash values and how many distinct shingles it had (for containment)."""

    hashvalues: np.ndarray
    size: int

    def minhash(self) -> MinHash:
        return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=self.hashvalues, scheme=SCHEME)

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> "Signature":
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32), size)

    def jaccard(self, other: "Signature") -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM

    def containment(self, other: "Signature") -> float:
        """Estimated share of the smaller body's shingles found in the larger one: catches a
        site that republishes only the first paragraphs of a wire story."""
        j = self.jaccard(other)
        smaller = min(self.size, other.size)
        if smaller == 0:
            return 0.0
        overlap = j * (self.size + other.size) / (1.0 + j)
        return min(1.0, overlap / smaller)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    toks = words(text)
    if len(toks) < k:
        return {" ".join(toks).encode()} if toks else set()
    return {" ".join(toks[i:i + k]).encode() for i in range(len(toks) - k + 1)}


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(text: str) -> Signature:
    shing = shingles(text)
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, scheme=SCHEME,
                 permutations=_PERMUTATIONS)
    mh.update_batch(shing)
    return Signature(mh.hashvalues.astype(np.uint32), len(shing))
