"""Affinity of every (submission, judge) pair, in small integers, a block of submissions at a time.

    affinity = affinity_matrix(judges, submissions)    # int16 [submission, judge]

Affinity = AFFINITY_PER_SECTOR · min(shared sectors, SECTORS_COUNTED) + AFFINITY_LANGUAGE when
the judge reads the submission's language. At 24,000 × 1,600 the matrix has 38 million cells:
int16 keeps it at 77 MiB, and working a block of rows at a time keeps the float temporaries of
the matrix product small (never one Python object per pair).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from review.domain.assignment_model import JudgeCapacity, SubmissionNeed

AFFINITY_PER_SECTOR = 2
AFFINITY_LANGUAGE = 3
SECTORS_COUNTED = 3  # beyond three shared sectors a judge is not more of an expert
BLOCK_ROWS = 2048  # submissions per block: 2,048 × 1,600 float32 cells is 13 MiB

SmallArray = npt.NDArray[np.int16]


def _membership(sets: list[frozenset[str]], vocabulary: dict[str, int]) -> npt.NDArray[np.float32]:
    matrix = np.zeros((len(sets), max(len(vocabulary), 1)), dtype=np.float32)
    for row, members in enumerate(sets):
        matrix[row, [vocabulary[m] for m in members]] = 1.0
    return matrix


def affinity_matrix(
    judges: tuple[JudgeCapacity, ...], subs: tuple[SubmissionNeed, ...]
) -> SmallArray:
    """int16 [len(subs), len(judges)], every cell in 0 … 2·3 + 3."""
    named = {x for s in subs for x in s.sectors}
    sectors = sorted(named | {x for j in judges for x in j.expertise})
    vocabulary = {name: i for i, name in enumerate(sectors)}
    expertise = _membership([j.expertise for j in judges], vocabulary).T
    wanted = _membership([s.sectors for s in subs], vocabulary)
    languages = sorted({s.language for s in subs} | {x for j in judges for x in j.languages})
    where = {x: i for i, x in enumerate(languages)}
    spoken = _membership([j.languages for j in judges], where).T.astype(np.bool_)
    language = np.array([where[s.language] for s in subs], dtype=np.int64)
    affinity = np.zeros((len(subs), len(judges)), dtype=np.int16)
    for start in range(0, len(subs), BLOCK_ROWS):
        rows = slice(start, start + BLOCK_ROWS)
        shared = wanted[rows] @ expertise  # small integers, exact in float32
        counted = np.minimum(shared, SECTORS_COUNTED).astype(np.int16) * AFFINITY_PER_SECTOR
        reads = spoken[language[rows]].astype(np.int16) * AFFINITY_LANGUAGE
        affinity[rows] = counted + reads
    return affinity
