"""The console's pages, one module per section; each builds an `APIRouter` under `/console`."""

from __future__ import annotations

from fastapi import APIRouter

from console.context import Console
from console.pages.applications import build_applications
from console.pages.assignment import build_assignment
from console.pages.judges import build_judge_changes, build_judges
from console.pages.overview import build_overview
from console.pages.progress import build_progress
from console.pages.record import build_record
from console.pages.results import build_results
from console.pages.screening import build_screening


def page_routers(console: Console) -> list[APIRouter]:
    builders = (
        build_overview,
        build_applications,
        build_screening,
        build_judges,
        build_judge_changes,
        build_assignment,
        build_progress,
        build_results,
        build_record,
    )
    return [build(console) for build in builders]
