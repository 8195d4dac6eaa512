"""The demo's judge (`cityprize demo`) scores every assignment in the portal with the same
driver the demo uses, leaving screenshots of each page in English and Korean."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from portal_stage import APPLYING, XSS_TITLE, Stage  # type: ignore[import-not-found]

from cityprize.demo.data import JUDGES
from cityprize.demo.portal import score_in_browser

PAGES = ("list", "submission", "scoring")


def test_the_demos_judge_scores_every_assignment_in_the_portal(stage: Stage, tmp_path: Path):
    drafted = stage.judge_with(2)
    judge = next(
        j
        for j in JUDGES
        if j.judge_id in stage.titles
        and j.judge_id != drafted
        and XSS_TITLE not in stage.titles[j.judge_id].values()
    )
    by_title = {a.title: a for a in APPLYING}

    link = stage.fresh_link(judge.judge_id)
    scoring = score_in_browser(link, judge, by_title, stage.contest, shots=tmp_path)
    # The demo's driver is async; the other tests' sync browser may hold this thread's loop.
    with ThreadPoolExecutor(1) as thread:
        given = thread.submit(asyncio.run, scoring).result(timeout=120)

    assert {by_title[t].key for t in stage.titles[judge.judge_id].values()} == {
        g.applicant_key for g in given
    }
    for assignment_id in stage.titles[judge.judge_id]:
        assert stage.api(judge.judge_id, f"/{assignment_id}")["revision"] == 1
    shots = {p.name for p in tmp_path.glob("*.png")}
    assert shots == {f"{page}-{lang}.png" for page in PAGES for lang in ("en", "ko")}
