"""MinHash signatures of article bodies, over word shingles.

The signature is computed from the body text only (never the title: syndicated copies often carry
a rewritten or translated headline over the same wire copy).  Words are case-folded and stripped
of punctuation so a site's typographic quotes or dashes do not change the shingles.  Word
hashes use CRC-32, which is stable across processes and restarts (Python's ``hash`` is salted),
so a signature stored today is comparable with one computed after a restart.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128  # permutations per signature: 256 x 4 bytes stored per article
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
        return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=self.hashvalues, scheme=SCHEME,
                       permutations=_PERMUTATIONS)

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32), size)

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM

    def containment(self, other: Signature) -> float:
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
    """The body's word k-shingles as text (for inspection and exact checks; signatures use
    ``shingle_hashes``, the same shingles hashed without building the strings)."""
    toks = words(text)
    if len(toks) < k:
        return {" ".join(toks).encode()} if toks else set()
    return {" ".join(toks[i:i + k]).encode() for i in range(len(toks) - k + 1)}


# odd multipliers mixing the k word hashes of a shingle into one 32-bit value (position matters)
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646C][:SHINGLE_WORDS],
                dtype=np.uint64)


class _WordHashes(dict[str, int]):
    """CRC-32 of each word, remembered: words repeat (Zipf), so most look-ups are a dict hit."""

    LIMIT = 2_000_000

    def __missing__(self, word: str) -> int:
        value = zlib.crc32(word.encode())
        if len(self) < self.LIMIT:
            self[word] = value
        return value


_WORD_HASHES = _WordHashes()


def shingle_hashes(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Distinct 32-bit hashes of the body's word k-shingles: each word is hashed once, then
    every window of k word hashes is combined with numpy, not string by string."""
    toks = words(text)
    if not toks:
        return np.zeros(0, dtype=np.uint32)
    word_h = np.fromiter(map(_WORD_HASHES.__getitem__, toks), dtype=np.uint64, count=len(toks))
    if len(toks) < k:
        word_h = np.concatenate([word_h, np.zeros(k - len(toks), dtype=np.uint64)])
    n = len(word_h) - k + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for i in range(k):
        mixed = (mixed ^ (word_h[i:i + n] * _MIX[i])) & np.uint64(0xFFFFFFFFFFFF)
    folded = (mixed ^ (mixed >> np.uint64(29))) & np.uint64(0xFFFFFFFF)
    return np.unique(folded.astype(np.uint32))


# The permutations: multiply-add-shift hashing, h -> ((a*h + b) mod 2^64) >> 32 with a odd
# (a universal family for 32-bit keys; numpy's uint64 arithmetic wraps mod 2^64 by itself, so no
# modulo is computed), a and b drawn once from a fixed seed.
_rng = np.random.default_rng(SEED)
_A = _rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations  # for MinHash objects


def signature(text: str) -> Signature:
    hashes = shingle_hashes(text)
    if not len(hashes):
        return Signature(np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32), 0)
    hv = hashes.astype(np.uint64)[:, None]
    permuted = (hv * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return Signature(permuted.min(axis=0).astype(np.uint32), len(hashes))
