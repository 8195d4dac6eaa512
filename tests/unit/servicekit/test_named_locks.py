"""Locks by name: one holder per name at a time (review screening, notify deliveries)."""

from __future__ import annotations

import asyncio

from servicekit.locks import NamedLocks


async def hold(locks: NamedLocks, names: list[str], log: list[str], tag: str) -> None:
    async with locks.holding(names):
        log.append(f"{tag} in")
        await asyncio.sleep(0)  # let every other holder try to get in meanwhile
        await asyncio.sleep(0)
        log.append(f"{tag} out")


async def test_two_holders_of_one_name_take_turns():
    locks, log = NamedLocks(), list[str]()
    await asyncio.gather(
        hold(locks, ["city-nairobi"], log, "a"), hold(locks, ["city-nairobi"], log, "b")
    )
    assert log == ["a in", "a out", "b in", "b out"]


async def test_holders_of_different_names_go_side_by_side():
    locks, log = NamedLocks(), list[str]()
    await asyncio.gather(hold(locks, ["city-lyon"], log, "a"), hold(locks, ["city-lima"], log, "b"))
    assert log[:2] == ["a in", "b in"]


async def test_overlapping_sets_named_in_any_order_never_wait_on_each_other():
    locks, log = NamedLocks(), list[str]()
    await asyncio.wait_for(
        asyncio.gather(
            hold(locks, ["city-x", "project-y"], log, "a"),
            hold(locks, ["project-y", "city-x"], log, "b"),
        ),
        timeout=5,
    )
    assert sorted(log) == ["a in", "a out", "b in", "b out"]


async def test_a_name_nobody_holds_keeps_no_lock():
    locks = NamedLocks()
    async with locks.holding(["city-seoul"]):
        assert len(locks._locks) == 1
    assert len(locks._locks) == 0
