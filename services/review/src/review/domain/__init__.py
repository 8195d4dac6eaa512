"""Review's domain logic: no framework, no driver, no I/O.

Judge assignment (stdlib, numpy, OR-Tools only):

    from review.domain.assignment import AssignmentProblem, propose, reassign, greedy, check
    proposal = propose(problem)        # loads, affinity, uncovered + reasons, proof
    later = reassign(problem, proposal.pairs, withdrawn_judges=frozenset({"j7"}))

Calibration of scores (stdlib only):

    from review.domain.calibration import Rating, evaluate, rank, rank_stability, weighted_total
    evaluations = evaluate(ratings)    # raw mean, median, normalised (z), flags
    rank(evaluations, groups, "normalised"); rank_stability(evaluations, groups, top_k=5)
"""
