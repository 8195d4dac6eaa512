"""The identity of an assignment problem: a canonical JSON and its sha256, stored in the proof.

    input_hash(problem)          # same for the same judges, submissions, conflicts, fixed, seed
    input_hash(problem, index)   # the same hash, the pairs read from the index's masks (faster)

Ids are sorted, so the order of the input tuples does not change the hash; the seed does.
At 24,000 × 1,600 with 2 % conflicts there are 768,000 conflict pairs: sorting them as
strings takes seconds, so when the index already holds them as a mask (every pair naming known
ids) they are sorted as integers and written out with each id encoded once.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

from review.domain.assignment_index import BoolArray, Index
from review.domain.assignment_model import AssignmentProblem, Pair

_SLOT = '"conflicts":"@"'  # replaced by the conflicts written out here; ids cannot forge it


def _dumps(document: object) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def _pairs_from_mask(index: Index, mask: BoolArray) -> str:
    """`_dumps(sorted(map(list, pairs)))` for the pairs set in `mask` ([submission, judge])."""
    rows, cols = np.nonzero(mask)
    judge_ids = [j.judge_id for j in index.judges]
    sub_ids = [s.submission_id for s in index.submissions]
    judge_rank = np.argsort(np.argsort(judge_ids))
    sub_rank = np.argsort(np.argsort(sub_ids))
    order = np.lexsort((sub_rank[rows], judge_rank[cols]))
    judges = [_dumps(x) for x in judge_ids]
    subs = [_dumps(x) for x in sub_ids]
    pairs = zip(cols[order].tolist(), rows[order].tolist(), strict=True)
    return "[" + ",".join([f"[{judges[c]},{subs[r]}]" for c, r in pairs]) + "]"


def canonical_json(problem: AssignmentProblem, index: Index | None = None) -> str:
    """The problem as one JSON line; `index`, when it is `build_index(problem)`, only speeds it."""
    fast = index is not None and int(index.conflicted.sum()) == len(problem.conflicts)
    document = {
        "judges": [
            [j.judge_id, j.min_load, j.max_load, sorted(j.expertise), sorted(j.languages)]
            for j in sorted(problem.judges, key=lambda judge: judge.judge_id)
        ],
        "submissions": [
            [s.submission_id, sorted(s.sectors), s.language, s.reviews]
            for s in sorted(problem.submissions, key=lambda need: need.submission_id)
        ],
        "conflicts": "@" if fast else _sorted(problem.conflicts),
        "fixed": _sorted(problem.fixed),
        "seed": problem.seed,
    }
    text = _dumps(document)
    if index is not None and fast:
        conflicts = _pairs_from_mask(index, index.conflicted)
        text = text.replace(_SLOT, f'"conflicts":{conflicts}', 1)
    return text


def _sorted(pairs: frozenset[Pair]) -> list[list[str]]:
    return sorted(map(list, pairs))


def input_hash(problem: AssignmentProblem, index: Index | None = None) -> str:
    return hashlib.sha256(canonical_json(problem, index).encode()).hexdigest()
