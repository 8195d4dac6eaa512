"""A minimum load the round cannot give is shown in the proposal beside uncovered submissions,
and staff commit only by saying they accept it; the committed event records what they accepted."""

from __future__ import annotations

import re
from pathlib import Path

from test_review_cli import cityprize  # type: ignore[import-not-found]
from test_review_round import world  # type: ignore[import-not-found]

from contracts.contest import Contest
from contracts.subjects import Subject
from servicekit.embedded import S3Server

EAGER_JUDGE = """\
judge_id,name,email,country,city,expertise,min_load,max_load
j-min,Eager Judge,eager@oslo.example,NO,Oslo,mobility,10,12
"""


async def test_an_unmet_minimum_load_is_shown_and_must_be_accepted_to_commit(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest, tmp_path: Path
):
    (tmp_path / "judges.csv").write_text(EAGER_JUDGE)
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        imported = await cityprize(
            nats_url, seoul_contest, "judges", "import", str(tmp_path / "judges.csv")
        )
        assert imported.exit_code == 0, imported.output
        proposed = await cityprize(nats_url, seoul_contest, "round", "assign", "--dry-run")
        assert proposed.exit_code == 0, proposed.output
        assert (
            "below minimum j-min: 4 of at least 10: "
            "only 4 submissions without a conflict for this judge"
        ) in proposed.output
        found = re.search(r"proposal (p-[0-9a-f]+)", proposed.output)
        assert found is not None
        commit = ("round", "assign", "--commit", "--proposal", found.group(1))

        refused = await cityprize(nats_url, seoul_contest, *commit)
        assert refused.exit_code == 1
        assert "proposal-unmet-min-loads" in refused.output
        assert await w.events(Subject.ASSIGNMENT_COMMITTED) == []

        accepted = await cityprize(nats_url, seoul_contest, *commit, "--accept-unmet-min-loads")
        assert accepted.exit_code == 0, accepted.output
        [event] = await w.events(Subject.ASSIGNMENT_COMMITTED)
        assert list(event["accepted_unmet_min_loads"]) == ["j-min"]
