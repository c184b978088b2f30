"""Rate limits counted in the database: attempts arriving together are counted as if they came one
by one, old hits stop counting and are forgotten."""

from __future__ import annotations

import asyncio
import time

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from limits import parse

import ratelimit
from tests.conftest import with_db

LIMITS = [parse("2/minute"), parse("3/hour"), parse("1/second")]
# An attempt: a few (limit, key) pairs, as a request counts its address and its browser.
ATTEMPTS = st.lists(st.lists(st.tuples(st.sampled_from(range(len(LIMITS))),
                                       st.sampled_from(["a", "b", "c"])),
                             min_size=1, max_size=3), max_size=25)


def one_by_one(attempts: list[list[tuple[int, str]]]) -> list[bool]:
    """What a moving window says for attempts in one instant, counted one at a time."""
    seen: dict[tuple[int, str], int] = {}
    answers = []
    for hits in attempts:
        ok = True
        for limit, key in hits:
            if seen.get((limit, key), 0) >= LIMITS[limit].amount:
                ok = False
                continue
            seen[(limit, key)] = seen.get((limit, key), 0) + 1
        answers.append(ok)
    return answers


@hypothesis_settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempts=ATTEMPTS)
def test_attempts_together_are_counted_as_one_by_one(settings, attempts):
    async def burst(database):
        async with database.transaction() as conn:
            await conn.execute("DELETE FROM rate_hits")
        answers = await asyncio.gather(*[
            ratelimit.hit_each(database, [(LIMITS[limit], "test", key) for limit, key in hits])
            for hits in attempts])
        return answers, await database.fetchval("SELECT COUNT(*) FROM rate_hits")

    answers, stored = with_db(settings, burst)
    assert answers == one_by_one(attempts)
    counted = {}
    for hits in attempts:
        for limit, key in hits:
            counted[(limit, key)] = min(counted.get((limit, key), 0) + 1, LIMITS[limit].amount)
    assert stored == sum(counted.values()), "a hit over its limit is not counted"


def test_hits_outside_the_window_do_not_count_and_old_ones_are_forgotten(settings):
    per_minute = parse("1/minute")
    now = time.time()

    async def check(database):
        old = ratelimit._bucket(per_minute, ["test", "phone"])
        async with database.transaction() as conn:
            await conn.execute("INSERT INTO rate_hits (bucket, at) VALUES (?, ?), (?, ?)",
                               (old, now - 61, "elsewhere", now - ratelimit.FORGET_AFTER - 1))
        first = await ratelimit.hit(database, per_minute, "test", "phone")
        second = await ratelimit.hit(database, per_minute, "test", "phone")
        left = await database.fetchall("SELECT bucket FROM rate_hits ORDER BY at")
        return first, second, [r[0] for r in left]

    first, second, left = with_db(settings, check)
    assert (first, second) == (True, False), "a hit a minute ago no longer counts; a new one does"
    assert "elsewhere" not in left, "a hit older than any window is deleted"
    assert len(left) == 2, "the refused attempt is not counted"
