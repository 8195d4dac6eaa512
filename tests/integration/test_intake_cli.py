"""Staff register, list, rotate and revoke applicants with `cityprize applicants`."""

from __future__ import annotations

import asyncio
import re

from typer.testing import CliRunner

from cityprize.applicants import app
from contracts.contest import Contest
from servicekit.embedded import S3Server
from tests.support.intake import application, harness, open_contest, pdf, settings_for

PDF = ("files", "overview.pdf", pdf(), "application/pdf")


async def cli(nats_url: str, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = await asyncio.to_thread(runner.invoke, app, list(args), env={"NATS_URL": nats_url})
    return result.exit_code, result.stdout, result.stderr


async def test_staff_register_an_applicant_whose_key_works_until_revoked(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    contest = open_contest(seoul_contest)
    async with harness(settings_for(nats_url, s3_server, s3_bucket), contest) as intake:
        code, out, err = await cli(
            nats_url,
            "add",
            "--contest",
            contest.id,
            "--type",
            "city_government",
            "--name",
            "Tallinn City Government",
            "--city",
            "Tallinn",
            "--country",
            "ee",
            "--email",
            "smart@tallinn.example",
            "--contact-name",
            "Kadri Tamm",
        )
        assert code == 0, err
        applicant_id = re.search(r"applicant: (\w+)", out).group(1)  # type: ignore[union-attr]
        key = re.search(r"api key:\s+(\S+)", out).group(1)  # type: ignore[union-attr]
        assert "shown only now" in err
        [registered] = await intake.events("prize.applicant.registered")
        assert registered["applicant_id"] == applicant_id
        assert key not in str(registered), "the key never travels in an event"

        code, out, _ = await cli(nats_url, "list", "--contest", contest.id)
        assert applicant_id in out
        assert "Tallinn" in out
        assert key not in out
        assert (await intake.send(key, application(), [PDF])).status_code == 201

        code, out, _ = await cli(nats_url, "rotate", "--contest", contest.id, applicant_id)
        new_key = re.search(r"api key:\s+(\S+)", out).group(1)  # type: ignore[union-attr]
        assert (await intake.send(key, application(), [PDF])).status_code == 401
        assert (await intake.send(new_key, application(), [PDF])).status_code == 201

        code, out, _ = await cli(nats_url, "revoke", "--contest", contest.id, applicant_id)
        assert code == 0
        assert (await intake.send(new_key, application(), [PDF])).status_code == 401
        code, out, _ = await cli(nats_url, "list", "--contest", contest.id)
        assert "revoked" in out


async def test_registering_for_an_unknown_contest_is_refused(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with harness(settings_for(nats_url, s3_server, s3_bucket), open_contest(seoul_contest)):
        code, _, err = await cli(
            nats_url,
            "add",
            "--contest",
            "no-such-prize",
            "--type",
            "individual",
            "--name",
            "A",
            "--city",
            "B",
            "--country",
            "KR",
            "--email",
            "a@example.org",
            "--contact-name",
            "A",
        )
        assert code == 1
        assert "contest-not-found" in err
