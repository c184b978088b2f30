"""The clustering child process: it runs the function elsewhere, and a dead child is replaced."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from programme import worker

ROOT = Path(__file__).resolve().parents[2]


def test_runs_in_another_process_and_a_dead_child_is_replaced():
    async def go():
        first = await worker.run(os.getpid)
        assert first != os.getpid()
        os.kill(first, signal.SIGKILL)
        await asyncio.sleep(0.2)
        second = await worker.run(os.getpid)
        assert second not in (first, os.getpid())
        assert await worker.run(sorted, [3, 1, 2]) == [1, 2, 3]
    asyncio.run(go())


SELF_KILLING_SERVER = """
import asyncio, os, signal, sys
from programme import worker
async def main():
    print(await worker.run(os.getpid), flush=True)
    os.kill(os.getpid(), signal.SIGTERM)  # as uvicorn ends: no clean-up at exit runs
if __name__ == "__main__":
    asyncio.run(main())
"""


def test_the_child_ends_when_the_server_is_killed(tmp_path):
    script = tmp_path / "server.py"
    script.write_text(SELF_KILLING_SERVER)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    child = int(out.stdout.split()[0])
    for _ in range(100):
        if not Path(f"/proc/{child}").exists():
            return
        time.sleep(0.05)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the clustering child outlived its server")


def test_the_child_computes_on_one_thread_leaving_a_core_to_the_hall():
    from tests.programme.clustering.test_side_by_side import threads

    assert asyncio.run(worker.run(threads)) == 1
