"""Who is who, over the real servers: one person is one judge, and a judge's own address and
domain keep them off the submissions their own people sent."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_review_cli import cityprize  # type: ignore[import-not-found]
from test_review_round import profile, world  # type: ignore[import-not-found]

from cityprize.bus import CommandRefusedError
from contracts.contest import Contest
from contracts.review_commands import (
    CheckConflicts,
    ConflictReport,
    ImportJudges,
    JudgeList,
    JudgeProfile,
    JudgesImported,
    ListJudges,
    ReviewCommand,
)
from servicekit.embedded import S3Server

TWO_ROWS_ONE_PERSON = """\
judge_id,name,email,country,expertise,max_load
j-lee,Lee Sora,Lee.Sora@Uni-Busan.example,KR,mobility,4
j-lee2,Sora Lee,lee.sora@uni-busan.example,KR,mobility,4
"""


async def test_a_judge_file_with_two_rows_for_one_person_is_refused_with_both_lines(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest, tmp_path: Path
):
    path = tmp_path / "judges.csv"
    path.write_text(TWO_ROWS_ONE_PERSON)
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        imported = await cityprize(nats_url, seoul_contest, "judges", "import", str(path))
        assert imported.exit_code != 0
        assert "line 2 and line 3 are one person" in " ".join(imported.output.split())
        judges = await w.ask(
            ReviewCommand.JUDGES_LIST, ListJudges(contest_id=seoul_contest.id), JudgeList
        )
        assert not {"j-lee", "j-lee2"} & {j.judge_id for j in judges.judges}


async def test_review_refuses_one_address_under_two_judge_ids_whoever_sends_the_import(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        twice = ImportJudges(
            contest_id=seoul_contest.id,
            judges=(
                profile("j-a", "KR", "Busan").model_copy(update={"email": "Lee@Uni-Busan.example"}),
                profile("j-b", "KR", "Busan").model_copy(update={"email": "lee@uni-busan.EXAMPLE"}),
            ),
        )
        with pytest.raises(CommandRefusedError, match=r"judge-duplicate: judge 1 .* and judge 2"):
            await w.ask(ReviewCommand.JUDGES_IMPORT, twice, JudgesImported)
        # j-jp was registered by `world` as j-jp@judges.example.
        again = profile("j-jp-2", "JP", "Tokyo").model_copy(update={"email": "J-JP@Judges.Example"})
        with pytest.raises(CommandRefusedError, match="already registered as judge j-jp"):
            await w.ask(
                ReviewCommand.JUDGES_IMPORT,
                ImportJudges(contest_id=seoul_contest.id, judges=(again,)),
                JudgesImported,
            )


async def test_a_judges_own_address_and_domain_are_conflict_sources_with_their_rule(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        # The world's contacts write as mayor@<city>.example.
        mayor = JudgeProfile(
            judge_id="j-mayor", name="M", email="MAYOR@Nairobi.Example", country="JP"
        )
        colleague = JudgeProfile(
            judge_id="j-lyon", name="L", email="deputy@LYON.example", country="JP"
        )
        await w.ask(
            ReviewCommand.JUDGES_IMPORT,
            ImportJudges(contest_id=seoul_contest.id, judges=(mayor, colleague)),
            JudgesImported,
        )
        found = {}
        for judge_id in ("j-mayor", "j-lyon"):
            report = await w.ask(
                ReviewCommand.CONFLICTS_CHECK,
                CheckConflicts(contest_id=seoul_contest.id, judge_id=judge_id),
                ConflictReport,
            )
            found[judge_id] = {c.submission_id: (c.source, c.rule) for c in report.conflicts}
        assert found == {
            "j-mayor": {"s-ke": ("rule", "own-email")},
            "j-lyon": {"s-fr": ("rule", "own-domain")},
        }
