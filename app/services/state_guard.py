"""Taking a conversation lock whose shared state may be down (Redis stopped or unreachable).

:func:`take` answers False instead of raising when the lock's store cannot be reached, so
the caller can keep the citizen's message for replay and say so (tests/faults);
:func:`release` never raises: a lock that cannot be released expires by itself.
"""

from __future__ import annotations

import contextlib
import logging
from contextlib import AbstractAsyncContextManager
from typing import Any

from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Connection refused or lost, a lock not had in time (redis-py's LockError is a RedisError)
STATE_DOWN = (RedisError, OSError)


async def take(lock: AbstractAsyncContextManager[Any], key: str) -> bool:
    try:
        await lock.__aenter__()
    except STATE_DOWN as error:
        log.warning("lock %s unavailable (%s)", key, type(error).__name__)
        return False
    return True


async def release(lock: AbstractAsyncContextManager[Any]) -> None:
    with contextlib.suppress(*STATE_DOWN):
        await lock.__aexit__(None, None, None)
