"""One writer at a time on a Neo4j database: a lock stored in the database itself.

The lock is a ``(:WriterLock {name})`` node (unique on ``name``, so two writers' ``MERGE``\\ s
cannot both create it) holding the ``owner`` (a random id per acquisition), a readable
``holder`` (``host:pid``) and the server's times ``since`` and ``heartbeat``.

- :meth:`WriterLock.acquire` creates the node when there is none. When another writer holds it,
  it waits (polling) up to ``timeout`` seconds, then raises :class:`Neo4jLockedError` naming the
  holder and for how long it has held the lock.
- A lock whose holder stopped is taken over: at once when the holder ran on this host and its
  process is gone (an ingest killed with SIGKILL), otherwise when its heartbeat is older than
  ``stale_after`` seconds. The takeover is a compare-and-set on the previous owner.
- Every write transaction of the holder first renews the heartbeat *in the same transaction*
  and fails with :class:`LockLostError` when the lock is no longer its own, so a writer whose
  lock was taken over writes nothing more.
- :meth:`release` deletes the node (only if still the owner); it is called in ``finally``.

Times are the server's (``timestamp()``), so clocks of different client machines do not matter.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

from graph.errors import StoreError, StoreLockedError
from graph.store import cypher

__all__ = ["LockLostError", "Neo4jLockedError", "WriterLock"]

RunWrite = Callable[..., list[dict[str, Any]]]  # run_write(query, **params) -> rows


class Neo4jLockedError(StoreLockedError):
    """Another writer held the database's writer lock for longer than we would wait."""

    def __init__(self, location: str, holder: str, held_s: float, waited_s: float) -> None:
        StoreError.__init__(
            self, location,
            f"another vanban process ({holder}) is writing to this database (it has held the "
            f"writer lock for {held_s:.0f} s; waited {waited_s:.0f} s); try again when it is "
            "done, or raise the lock timeout",
        )  # fmt: skip
        self.holder = holder


class LockLostError(StoreError):
    """The writer lock was taken over (we were idle past its stale timeout): nothing written."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's
        return True
    return True


def _dead_here(holder: str | None) -> bool:
    """Whether ``holder`` (``host:pid``) names a process of this host that no longer runs."""
    host, _, pid = (holder or "").rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _alive(int(pid))


class WriterLock:
    """The writer lock ``name`` of one database, run through ``run_write`` (module docstring)."""

    def __init__(
        self,
        run_write: RunWrite,
        location: str,
        *,
        name: str = "vanban",
        timeout: float = 60.0,
        stale_after: float = 120.0,
        poll: float = 0.2,
    ) -> None:
        self._run = run_write
        self.location = location
        self.name = name
        self.timeout = timeout
        self.stale_after = stale_after
        self.poll = poll
        self.owner: str | None = None
        self.holder = f"{socket.gethostname()}:{os.getpid()}"

    @property
    def held(self) -> bool:
        return self.owner is not None

    def acquire(self) -> None:
        if self.owner is not None:
            return
        owner = uuid.uuid4().hex
        start = time.monotonic()
        params = {"name": self.name, "owner": owner, "holder": self.holder}
        while True:
            rows = self._run(cypher.ACQUIRE_LOCK, **params)
            state = rows[0]
            if state["owner"] == owner:
                self.owner = owner
                return
            stale = (state["idle_ms"] or 0) > self.stale_after * 1000
            if stale or _dead_here(state["holder"]):
                taken = self._run(cypher.TAKE_OVER_LOCK, previous=state["owner"], **params)
                if taken and taken[0]["owner"] == owner:
                    self.owner = owner
                    return
                continue  # someone else took it first (or it was released): look again
            waited = time.monotonic() - start
            if waited >= self.timeout:
                raise Neo4jLockedError(self.location, state["holder"] or "?",
                                       (state["held_ms"] or 0) / 1000, waited)  # fmt: skip
            time.sleep(min(self.poll, max(0.0, self.timeout - waited)))

    def heartbeat_statement(self) -> tuple[str, dict[str, Any]]:
        """The statement a write transaction runs first (its ``n`` must be 1)."""
        return cypher.LOCK_HEARTBEAT, {"name": self.name, "owner": self.owner}

    def check_heartbeat(self, n: int) -> None:
        if n != 1:
            owner, self.owner = self.owner, None
            raise LockLostError(
                self.location, f"the writer lock was taken over by another process while this "
                f"one was idle past {self.stale_after:.0f} s (owner {owner}); nothing more was "
                "written; run the ingest again",
            )  # fmt: skip

    def release(self) -> None:
        owner, self.owner = self.owner, None
        if owner is not None:
            self._run(cypher.RELEASE_LOCK, name=self.name, owner=owner)
