"""Staff run a review round with `cityprize`: judges, conflicts, screening, assignment,
finalists, results and status, all over NATS to the review service."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from test_review_round import score_everything, world  # type: ignore[import-not-found]
from typer.testing import CliRunner, Result

from cityprize.review_cli import review_app
from contracts.contest import Contest
from servicekit.embedded import S3Server

JUDGES_CSV = """\
judge_id,name,email,country,city,organisation,domains,expertise,languages,min_load,max_load,pool
j-cl,Judge Chile,cl@judges.example,CL,Santiago,Andes Lab,andes.example,mobility;energy,en,0,6,main
"""
PROSPECT_YAML = """judges:
  - {judge_id: j-br2, name: Maybe, email: m@judges.example, country: BR, max_load: 3}
"""


async def cityprize(nats_url: str, contest: Contest, *args: str) -> Result:
    runner = CliRunner()
    env = {"NATS_URL": nats_url, "CITYPRIZE_CONTEST": contest.id}
    return await asyncio.to_thread(runner.invoke, review_app, list(args), env=env)


async def test_staff_run_a_review_round_from_the_command_line(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest, tmp_path: Path
):
    (tmp_path / "judges.csv").write_text(JUDGES_CSV)
    (tmp_path / "prospect.yaml").write_text(PROSPECT_YAML)
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        imported = await cityprize(
            nats_url, seoul_contest, "judges", "import", str(tmp_path / "judges.csv")
        )
        assert imported.exit_code == 0, imported.output
        assert "registered 1" in imported.output

        what_if = await cityprize(
            nats_url,
            seoul_contest,
            "conflicts",
            "check",
            "--prospective",
            str(tmp_path / "prospect.yaml"),
        )
        assert "not registered" in what_if.output
        assert "s-br" in what_if.output
        assert "same country (BR)" in what_if.output

        screen = await cityprize(nats_url, seoul_contest, "round", "screen")
        assert "needs a staff decision: s-dup" in screen.output
        override = await cityprize(
            nats_url,
            seoul_contest,
            "screening",
            "override",
            "s-dup",
            "--outcome",
            "ineligible",
            "--reason",
            "entered twice",
            "--by",
            "secretariat",
        )
        assert override.exit_code == 0, override.output

        proposed = await cityprize(
            nats_url, seoul_contest, "round", "assign", "--dry-run", "--seed", "3"
        )
        assert proposed.exit_code == 0, proposed.output
        proposal = re.search(r"proposal (p-[0-9a-f]+)", proposed.output)
        assert proposal is not None
        committed = await cityprize(
            nats_url,
            seoul_contest,
            "round",
            "assign",
            "--commit",
            "--proposal",
            proposal.group(1),
            "--due",
            "2027-07-01T18:00+09:00",
        )
        assert "12 assignments due 2027-07-01 09:00Z" in committed.output

        status = await cityprize(nats_url, seoul_contest, "status")
        assert "seoul-smart-city-prize-2027: panel" in status.output
        assert "eligible 4" in status.output
        assert "due" in status.output

        await score_everything(w)
        closed = await cityprize(nats_url, seoul_contest, "round", "close")
        assert closed.exit_code == 0, closed.output
        finalists = await cityprize(
            nats_url, seoul_contest, "finalists", "select", "--pick", "tech-innovacity=s-ke,s-br"
        )
        assert "tech-innovacity" in finalists.output
        assert "s-ke, s-br" in finalists.output
        refused = await cityprize(
            nats_url,
            seoul_contest,
            "results",
            "publish",
            "--winner",
            "tech-innovacity=s-vn",
            "--by",
            "committee",
        )
        assert refused.exit_code == 1
        assert "winner-not-finalist" in refused.output
        published = await cityprize(
            nats_url,
            seoul_contest,
            "results",
            "publish",
            "--winner",
            "tech-innovacity=s-ke",
            "--by",
            "committee",
        )
        assert published.exit_code == 0, published.output
        listed = await cityprize(nats_url, seoul_contest, "judges", "list")
        assert "j-cl" in listed.output
