"""The console's pages, one module per section; each builds an `APIRouter` under `/console`."""

from __future__ import annotations

from fastapi import APIRouter

from console.context import Console
from console.pages.overview import build_overview


def page_routers(console: Console) -> list[APIRouter]:
    return [build_overview(console)]
