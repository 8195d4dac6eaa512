"""`cityprize` staff commands for review: judges, conflicts, rounds, finalists, results, status.

Mount with `register(app)`: it adds the sub-apps `judges`, `conflicts`, `round`, `finalists`,
`results`, `screening` and the command `status`. Everything goes over NATS request-reply to
the review service (`contracts.review_commands`, sent by `review_staff.ask`); nothing here
touches review's storage. The commands live by group: `judges_cli.py` (judges, conflicts),
`rounds_cli.py` (round, screening), `results_cli.py` (finalists, results, status).
"""

from __future__ import annotations

import typer

from cityprize.judges_cli import conflicts_app, judges_app
from cityprize.results_cli import finalists_app, results_app, status
from cityprize.rounds_cli import round_app, screening_app


def register(app: typer.Typer) -> None:
    """Add review's commands to the `cityprize` app."""
    app.add_typer(judges_app, name="judges")
    app.add_typer(conflicts_app, name="conflicts")
    app.add_typer(round_app, name="round")
    app.add_typer(finalists_app, name="finalists")
    app.add_typer(results_app, name="results")
    app.add_typer(screening_app, name="screening")
    app.command("status")(status)


review_app = typer.Typer(help="Review: judges, conflicts, rounds, results.", no_args_is_help=True)
register(review_app)
