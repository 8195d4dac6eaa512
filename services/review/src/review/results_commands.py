"""Staff commands that end a contest: finalists, published results, and progress status."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from contracts.events import FinalistsSelected, ResultsPublished
from contracts.queries import Refusal
from contracts.review_commands import (
    ContestStatus,
    FinalistsView,
    JudgeProgress,
    Published,
    PublishResults,
    SelectFinalists,
    StatusQuery,
)
from review.context import KnownContests, Publishing, Stored, derived_id, refusing
from review.domain.calibration import Method
from review.domain.rounds import FINALIST_ROUND, RESULTS_ROUND
from review.evaluation import Evaluated, evaluate_contest, parameters
from servicekit.replies import RefusedError


def _chosen(evaluated: Evaluated, command: SelectFinalists) -> dict[str, tuple[str, ...]]:
    if command.selection is None:
        # Taking the first K would pick among equals by submission id: staff decide instead.
        at_cut = evaluated.ties_at_cut(command.method)
        if at_cut:
            raise RefusedError(
                "tie-at-cut",
                "; ".join(
                    f"{category}: {', '.join(ids)} share the last finalist place"
                    for category, ids in sorted(at_cut.items())
                )
                + ". Choose with a selection (--pick), or name a tie_break in the contest file",
            )
        ranking = evaluated.ranking(command.method)
        return {
            c: tuple(ids[: evaluated.contest.category(c).finalists]) for c, ids in ranking.items()
        }
    for category, ids in command.selection.items():
        wrong = [
            sid
            for sid in ids
            if evaluated.submissions.get(sid) is None
            or evaluated.submissions[sid].category != category
        ]
        if wrong:
            raise RefusedError("not-in-category", f"{category}: {', '.join(wrong)}")
    return dict(command.selection)


async def select_finalists(
    command: SelectFinalists, store: Stored, contests: KnownContests, publish: Publishing
) -> FinalistsView | Refusal:
    with refusing():
        (await store.state(command.contest_id)).refuse_finalists_while_scoring()
    evaluated = await evaluate_contest(store, contests, command.contest_id)
    finalists = _chosen(evaluated, command)

    with refusing():
        await store.update_state(command.contest_id, lambda state: state.with_finalists(finalists))
    event = FinalistsSelected(
        event_id=derived_id(command.contest_id, "finalists", sorted(finalists.items())),
        contest_id=command.contest_id,
        round=FINALIST_ROUND,
        finalists=finalists,
        requested_by=command.requested_by,
    )
    await publish(event)
    return FinalistsView(
        event_id=event.event_id,
        finalists=finalists,
        stable={c: report.stable for c, report in evaluated.stability().items()},
        flags=evaluated.flags(),
        ties=evaluated.ties(command.method),
        rankings={
            key: ranking
            for key, ranking in evaluated.ranked(command.method).items()
            if "--" not in key  # per category; peer groups come with the published results
        },
    )


async def publish_results(
    command: PublishResults, store: Stored, contests: KnownContests, publish: Publishing
) -> Published | Refusal:
    state = await store.state(command.contest_id)
    if state.results_event:
        # Frozen at publication: a retry re-publishes the same event (same id), nothing new.
        kept = ResultsPublished.model_validate(state.results_event)
        await publish(kept)
        return Published(event_id=kept.event_id)
    with refusing():
        state.refuse_winners_outside_finalists(command.winners)
    evaluated = await evaluate_contest(store, contests, command.contest_id)
    method: Method = "normalised"
    ranked = evaluated.ranked(method)
    categories = set(evaluated.categories().values())
    event = ResultsPublished(
        event_id=derived_id(command.contest_id, "results", datetime.now(UTC).isoformat()),
        contest_id=command.contest_id,
        round=RESULTS_ROUND,
        rankings={key: r for key, r in ranked.items() if key in categories},
        peer_group_rankings={key: r for key, r in ranked.items() if key not in categories},
        winners=command.winners,
        method=method,
        parameters={
            **parameters(method, evaluated.contest.tie_break),
            "decided_by": command.decided_by,
        },
    )

    results = event.model_dump(mode="json")
    with refusing():
        await store.update_state(
            command.contest_id,
            lambda state: state.with_results(event.event_id, results, method, event.parameters),
        )
    await publish(event)
    return Published(event_id=event.event_id)


async def contest_status(command: StatusQuery, store: Stored) -> ContestStatus | Refusal:
    state = await store.state(command.contest_id)
    submissions = await store.submissions.all_under(command.contest_id)
    active = [a for a in await store.assignments.all_under(command.contest_id) if a.active]
    done = Counter(a.judge_id for a in active if a.revision > 0)
    due = Counter(a.judge_id for a in active if a.revision == 0)
    judges = sorted(set(done) | set(due))
    return ContestStatus(
        contest_id=command.contest_id,
        stage=state.stage,
        submissions=dict(Counter(s.state for s in submissions)),
        judges=tuple(JudgeProgress(judge_id=j, done=done[j], due=due[j]) for j in judges),
    )
