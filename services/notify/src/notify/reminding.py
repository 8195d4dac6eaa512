"""A reminder staff ask for now (the console's Progress page): the judge's reviews not yet
scored, in one email, answered over request-reply."""

from __future__ import annotations

from contracts.notify_commands import JudgeReminded, RemindJudge
from notify.domain import judge_notices
from notify.fanout import deliver_all
from notify.jobs import JobRunner
from notify.postman import Attempt
from notify.smtp import TemporaryDeliveryError
from notify.store import judge_key, judge_reviews_key
from servicekit.delivery import PermanentError
from servicekit.failures import RefusedError


async def remind_judge(command: RemindJudge, runner: JobRunner) -> JudgeReminded:
    """Refused as `judge-unknown` or `no-open-reviews`; a mail server that fails is refused
    too (`not-sent`), so staff see it and may ask again."""
    store = runner.store
    contest_id, judge_id = command.contest_id, command.judge_id
    contact = await store.judges.get(judge_key(contest_id, judge_id))
    if contact is None:
        raise RefusedError("judge-unknown", judge_id)
    kept = await store.judge_reviews.get(judge_reviews_key(contest_id, judge_id))
    reviews = kept[0].reviews if kept else ()
    still_open = [r for r in reviews if not await runner.is_scored(r.assignment_id)]
    if not still_open:
        raise RefusedError("no-open-reviews", judge_id)

    async def link() -> dict[str, str]:
        return dict(await runner.portal.link(contest_id, judge_id))

    projects = await runner.projects(still_open)
    blind = await runner.blind(contest_id)
    items = judge_notices.assigned_items(still_open, projects, blind=blind)
    name = await runner.notifier.contest_name(contest_id)
    email = judge_notices.reminder_now(command, contact[0], name, link, items)
    try:
        await deliver_all(runner.notifier.postman, [email], Attempt(final=False))
    except (TemporaryDeliveryError, PermanentError) as failure:
        raise RefusedError("not-sent", str(failure)) from None
    return JudgeReminded(
        request_id=command.request_id, judge_id=judge_id, open_reviews=len(still_open)
    )
