"""One draw of the panel, in a process of its own: the solver's seconds of CPU never hold up the
server's event loop, and its imports (the library, HiGHS) never load in the server. The process
runs with a fixed PYTHONHASHSEED, so nothing the library keeps in sets can make one run differ
from the next: anyone re-running the draw from the published files gets the same answer.

`python -m sortition.draw` reads the request as JSON on stdin and writes the answer on stdout.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

from sortition.lottery import Infeasible, Quota, Volunteer, select

TIMEOUT = 600  # seconds; a draw of 50 from 2,000 takes well under a minute


def request(pool: list[Volunteer], quotas: list[Quota], seats: int, seed: int,
            one_per_household: bool) -> dict:
    return {"pool": [[v.id, [list(a) for a in v.answers], v.household] for v in pool],
            "quotas": [[q.category, q.value, q.min, q.max] for q in quotas],
            "seats": seats, "seed": seed, "one_per_household": one_per_household}


def answer(req: dict) -> dict:
    """The draw itself, as plain JSON-able data (runs in the child)."""
    pool = [Volunteer(i, tuple(tuple(a) for a in answers), household)
            for i, answers, household in req["pool"]]
    quotas = [Quota(*q) for q in req["quotas"]]
    try:
        panel = select(pool, quotas, req["seats"], req["seed"], req["one_per_household"])
    except Infeasible as e:
        return {"advice": e.advice}
    return {"members": list(panel.members), "chance": panel.chance,
            "achieved": [[c, v, n] for (c, v), n in panel.achieved.items()],
            "seed": panel.seed, "algorithm": panel.algorithm, "version": panel.version}


def _command() -> tuple[list[str], dict]:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONHASHSEED": "0",
           "PYTHONPATH": os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)}
    return [sys.executable, "-m", "sortition.draw"], env


def _read(out: bytes, err: bytes, code: int | None) -> dict:
    if code != 0:
        raise RuntimeError(f"the draw failed: {err.decode(errors='replace')[-500:]}")
    return json.loads(out)


def run_here(req: dict) -> dict:
    """The draw in a child process, waiting for it (the command line)."""
    args, env = _command()
    done = subprocess.run(args, input=json.dumps(req).encode(), capture_output=True, env=env,
                          timeout=TIMEOUT, check=False)
    return _read(done.stdout, done.stderr, done.returncode)


async def run(req: dict) -> dict:
    """The draw in a child process, without blocking the server's event loop."""
    args, env = _command()
    child = await asyncio.create_subprocess_exec(
        *args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        out, err = await asyncio.wait_for(child.communicate(json.dumps(req).encode()), TIMEOUT)
    except BaseException:
        child.kill()
        raise
    return _read(out, err, child.returncode)


def main() -> None:
    import logging

    logging.disable(logging.INFO)  # the library logs each step; the caller wants only the answer
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # HiGHS prints its banner on stdout, which carries only the answer
    json.dump(answer(json.load(sys.stdin)), out)
    out.close()


if __name__ == "__main__":
    main()
