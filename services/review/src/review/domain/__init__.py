"""Review's domain logic: no framework, no driver, no I/O.

The documents with rules of their own, each change a method that checks its rule and returns
the next (frozen) document, a broken rule a `RuleBrokenError(kind)` (`documents.py`):

    ContestState (rounds.py)      with_batch, closed, with_finalists, with_results, is_open
    Proposal (proposals.py)       batch(due_at, accept_unmet_min_loads=...), batch_id
    AssignmentDoc (reviews.py)    scored(sheet, read_revision)
    SubmissionDoc (submissions.py) rated(event_id, assignment_id, rating), overridden(...)

Judge assignment (stdlib, numpy, OR-Tools only):

    from review.domain.assignment import AssignmentProblem, propose, reassign, greedy, check
    proposal = propose(problem)        # loads, affinity, uncovered + reasons, proof
    later = reassign(problem, proposal.pairs, withdrawn_judges=frozenset({"j7"}))

Calibration of scores (stdlib only):

    from review.domain.calibration import Rating, evaluate, rank, rank_stability, weighted_total
    evaluations = evaluate(ratings)    # raw mean, median, normalised (z), flags
    rank(evaluations, groups, "normalised"); rank_stability(evaluations, groups, top_k=5)
"""
