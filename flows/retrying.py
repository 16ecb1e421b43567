"""Storage steps tried again after a transient failure, inside the batch's Prefect flow run.

Each upload has one artifact, so the Prefect UI shows every upload.  The steps of an upload
(fetch, head, read the stored report, write it, publish the page, the cross-document step) used to
be task runs of their own, and then the upload was one; their state reports to the Prefect server
were most of what orchestration cost per upload (issue 19).  They are plain coroutines now,
retried here with the same delays and conditions the tasks had.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The attempt a step is on (1 the first): a write tried again looks first for what landed.
ATTEMPT: contextvars.ContextVar[int] = contextvars.ContextVar("budgetcheck_attempt", default=1)


def retried(delays: Callable[[], Sequence[float]] | Sequence[float],
            retry_if: Callable[[BaseException], bool] = lambda exc: True
            ) -> Callable[[Callable[..., Awaitable[T]]], Callable[..., Awaitable[T]]]:
    """Try the step again after each of ``delays`` seconds (a callable: read when the step runs,
    so a setting changed after import counts) while ``retry_if`` says the failure is transient;
    the last failure is raised."""
    def wrap(fn: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
        @functools.wraps(fn)
        async def run(*args: Any, **kwargs: Any) -> T:
            waits = list(delays() if callable(delays) else delays)
            for attempt in range(1, len(waits) + 2):
                token = ATTEMPT.set(attempt)
                try:
                    return await fn(*args, **kwargs)
                except Exception as exc:
                    if attempt > len(waits) or not retry_if(exc):
                        raise
                    delay = waits[attempt - 1]
                    log.warning("%s: attempt %d failed (%s: %s); trying again in %.1f s", fn.__name__, attempt,
                                type(exc).__name__, exc, delay)
                    await asyncio.sleep(delay)
                finally:
                    ATTEMPT.reset(token)
            raise AssertionError("unreachable")
        return run
    return wrap
