"""The identity of an assignment problem: a canonical JSON and its sha256, stored in the proof.

    input_hash(problem)      # same for the same judges, submissions, conflicts, fixed pairs, seed

Ids are sorted, so the order of the input tuples does not change the hash; the seed does.
"""

from __future__ import annotations

import hashlib
import json

from review.domain.assignment_model import AssignmentProblem


def canonical_json(problem: AssignmentProblem) -> str:
    document = {
        "judges": [
            [j.judge_id, j.min_load, j.max_load, sorted(j.expertise), sorted(j.languages)]
            for j in sorted(problem.judges, key=lambda judge: judge.judge_id)
        ],
        "submissions": [
            [s.submission_id, sorted(s.sectors), s.language, s.reviews]
            for s in sorted(problem.submissions, key=lambda need: need.submission_id)
        ],
        "conflicts": sorted(map(list, problem.conflicts)),
        "fixed": sorted(map(list, problem.fixed)),
        "seed": problem.seed,
    }
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def input_hash(problem: AssignmentProblem) -> str:
    return hashlib.sha256(canonical_json(problem).encode()).hexdigest()
