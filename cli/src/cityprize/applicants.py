"""`cityprize applicants add|list|revoke|rotate`: applicants and their API keys, via intake.

A key is printed once, when it is issued; intake keeps only a salted hash of it.
"""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from pydantic import ValidationError

from cityprize.bus import ask
from contracts import intake_commands as ic
from contracts.envelope import Contact

app = typer.Typer(help="Applicants and their API keys (answered by intake).", no_args_is_help=True)
ContestOption = Annotated[str, typer.Option("--contest", help="The contest id.")]
ApplicantArgument = Annotated[str, typer.Argument(help="The applicant id (from `list`).")]
ApplicantType = Literal["city_government", "institution", "corporation", "individual"]


def print_key(reply: ic.ApplicantKey) -> None:
    typer.echo(f"applicant: {reply.applicant_id}")
    typer.echo(f"api key:   {reply.api_key}")
    typer.echo("The key is shown only now; give it to the applicant over a safe channel.", err=True)


@app.command("add")
def add(
    contest: ContestOption,
    applicant_type: Annotated[ApplicantType, typer.Option("--type", help="Applicant type.")],
    name: Annotated[str, typer.Option(help="The applicant's name.")],
    city: Annotated[str, typer.Option(help="The city.")],
    country: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2, e.g. KR.")],
    email: Annotated[str, typer.Option(help="Contact email.")],
    contact_name: Annotated[str, typer.Option(help="Contact person.")],
    organisation: Annotated[str, typer.Option(help="Organisation, if any.")] = "",
    language: Annotated[str, typer.Option(help="Email language: en or ko.")] = "en",
) -> None:
    """Register an applicant and print its API key (once)."""
    try:
        command = ic.AddApplicant(
            contest_id=contest,
            applicant_type=applicant_type,
            name=name,
            city=city,
            country=country.upper(),
            organisation=organisation,
            contact=Contact(name=contact_name, email=email, language=language),
        )
    except ValidationError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    print_key(ask(ic.APPLICANT_ADD, command))


@app.command("list")
def list_applicants(contest: ContestOption) -> None:
    """The applicants of a contest (never their keys)."""
    reply = ask(ic.APPLICANT_LIST, ic.ListApplicants(contest_id=contest))
    for a in reply.applicants:
        state = "revoked" if a.revoked else "active"
        typer.echo(
            f"{a.applicant_id}  {a.applicant_type:<15}  {a.country}  {a.city}  {a.name}  {state}"
        )
    typer.echo(f"{len(reply.applicants)} applicant(s)", err=True)


@app.command("revoke")
def revoke(contest: ContestOption, applicant_id: ApplicantArgument) -> None:
    """Revoke an applicant's key: its next request answers 401."""
    command = ic.RevokeApplicant(contest_id=contest, applicant_id=applicant_id)
    reply = ask(ic.APPLICANT_REVOKE, command)
    typer.echo(f"revoked {reply.applicant_id}")


@app.command("rotate")
def rotate(contest: ContestOption, applicant_id: ApplicantArgument) -> None:
    """Issue a new key; the old one stops working at once."""
    command = ic.RotateApplicantKey(contest_id=contest, applicant_id=applicant_id)
    print_key(ask(ic.APPLICANT_ROTATE, command))
