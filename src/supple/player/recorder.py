"""The terminal player's writer: one background thread that records a session, in order.

The player's UI thread only puts writes on a queue; this thread opens the store (SQLAlchemy
loads here, after the first frame), starts the session through the session service and
applies each write in turn. A database busy with other writers then delays the record,
never the countdown. Every write carries the key the player made, so one retried after
"database is locked" is stored once.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from ..kinds import HurtReason, SessionStatus
from ..services import progress, sessions
from ..services.errors import NotAllowed
from ..timeline import Phase, Timeline
from .engine import PhaseResult

if TYPE_CHECKING:
    from ..store.db import Store

# A write that found the database locked for the whole busy timeout (5 s) is tried again.
ATTEMPTS = 3
RETRY_PAUSE = 0.2

Job = Callable[["Store", int], object]
T = TypeVar("T")


class Recorder:
    """Writes one session to the store from a single background thread.

    `on_refused` and `on_error` are called on the writer thread; they must not wait for
    the UI (which may be closing), only hand the news over to it.
    """

    def __init__(
        self,
        store: Store | Callable[[], Store],
        timeline: Timeline,
        *,
        uuid: str,
        client: str,
        speed: float,
        on_refused: Callable[[NotAllowed], object] = lambda err: None,
        on_error: Callable[[str], object] = lambda text: None,
        on_saved: Callable[[sessions.SessionView], object] = lambda view: None,
    ) -> None:
        # A Store, or a way to open one (then it is opened, and closed, on the writer thread).
        self._store_or_opener = store
        self.timeline = timeline
        self.uuid = uuid
        self.client = client
        self.speed = speed
        self._on_refused = on_refused
        self._on_error = on_error
        self._on_saved = on_saved
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="supple-recorder", daemon=True)
        self._closed = False
        self.session_id: int | None = None
        self.refused: NotAllowed | None = None
        self.errors: list[str] = []
        self.view: sessions.SessionView | None = None  # the session as last read back

    # -- what the player sends (from the UI thread; none of these waits) -------------------
    def start(self) -> None:
        """Open the store and start the session record, on the writer thread."""
        if not self._thread.is_alive() and not self._closed:
            self._thread.start()

    def phase(self, result: PhaseResult) -> None:
        report = sessions.PhaseReport.of(
            result.phase, result.outcome, result.actual_seconds, result.key
        )
        self._put(lambda store, sid: sessions.record_phase(store, sid, report))

    def hurt(
        self, *, key: str, phase: Phase, stretch_id: str, reason: HurtReason, stretch_name: str
    ) -> None:
        self._put(
            lambda store, sid: sessions.record_hurt(
                store,
                sid,
                key=key,
                phase_index=phase.index,
                stretch_id=stretch_id,
                side=phase.side,
                reason=reason,
                stretch_name=stretch_name,
            )
        )

    def pain(self, *, before: int | None = None, after: int | None = None) -> None:
        self._put(lambda store, sid: sessions.set_pain(store, sid, before=before, after=after))

    def weekly_pain(self, week: date, pain: int | None) -> None:
        """The usual pain of `week` (None: left blank, so not asked again that week)."""
        self._put(lambda store, sid: progress.record_weekly_pain(store, pain, week))

    def end(self, status: SessionStatus) -> None:
        self._put(lambda store, sid: sessions.end(store, sid, status))

    def read(self) -> None:
        """Read the session back once every write before this one has landed (`on_saved`)."""
        self._put(self._read)

    def close(self, timeout: float) -> bool:
        """Let the queue drain (at most `timeout` s), read the session back, close the store.

        False if writes were still waiting when the time ran out; they are then lost.
        """
        if self._closed:
            return not self._thread.is_alive()
        self._put(self._read)
        self._closed = True
        self._queue.put(None)
        if not self._thread.is_alive():
            # Closed before it started (the app ended within its first frame).
            self._thread.start()
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._error("The database stayed busy: the last changes may not have been saved.")
            return False
        return True

    def _put(self, job: Job) -> None:
        if not self._closed:
            self._queue.put(job)

    # -- the writer thread ------------------------------------------------------------------
    def _read(self, store: Store, session_id: int) -> None:
        self.view = sessions.get(store, session_id)
        self._on_saved(self.view)

    def _error(self, text: str) -> None:
        self.errors.append(text)
        self._on_error(text)

    def _open(self) -> Store | None:
        """Open the store and start the session; None if there is nothing to write into."""
        opener = self._store_or_opener
        try:
            store = opener() if callable(opener) else opener
        except Exception as err:
            self._error(f"The session cannot be saved: {err}")
            return None
        try:
            started = _retry(
                partial(
                    sessions.start,
                    store,
                    self.timeline,
                    client=self.client,
                    speed=self.speed,
                    uuid=self.uuid,
                )
            )
            self.session_id = started.id
        except NotAllowed as err:
            # The safety screen changed since the player checked: nothing is recorded.
            self.refused = err
            self._on_refused(err)
        except Exception as err:
            self._error(f"The session cannot be saved: {err}")
        return store

    def _run(self) -> None:
        store = self._open()
        try:
            while (job := self._queue.get()) is not None:
                if store is None or self.session_id is None:
                    continue  # refused, or failed and said so: nothing to write into
                try:
                    _retry(partial(job, store, self.session_id))
                except Exception as err:
                    self._error(f"Not saved: {err}")
        finally:
            if store is not None and callable(self._store_or_opener):
                store.close()


def _retry(write: Callable[[], T]) -> T:
    """Run a write, again if the database stayed locked: the keys make a repeat harmless."""
    from sqlalchemy.exc import OperationalError  # loaded with the store by now

    for attempt in range(1, ATTEMPTS + 1):
        try:
            return write()
        except OperationalError:
            if attempt == ATTEMPTS:
                raise
            time.sleep(RETRY_PAUSE * attempt)
    raise AssertionError("unreachable")
