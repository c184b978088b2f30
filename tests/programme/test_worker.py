"""The clustering child process: it runs the function elsewhere, and a dead child is replaced."""

import asyncio
import os
import signal

from programme import worker


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
