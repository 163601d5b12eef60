"""``vanban serve``: run the HTTP app with uvicorn.

The CLI wires it as ``serve(Settings(), open_browser=...)``; host, port and store come from the
settings (``VANBAN_HOST``, ``VANBAN_PORT``, ``VANBAN_STORE``).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import webbrowser
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.config import Settings
from api.main import create_app

__all__ = ["serve"]

log = logging.getLogger(__name__)

GRACEFUL_SHUTDOWN_S = 3  # seconds open requests get after SIGTERM before they are cut


def header_timeout_protocol(seconds: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a deadline for a request's line and headers.

    uvicorn times out idle keep-alive connections only until their first byte: a client that
    sends headers one byte at a time would hold a connection for ever. Here a connection whose
    request headers are not complete ``seconds`` after it opened (or after its last response)
    is closed.
    """

    class HeaderTimeoutH11(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
            self._header_timer = self.loop.call_later(seconds, self._headers_late)

        def _headers_late(self) -> None:
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                log.info("closing a connection that sent no complete request in %ss", seconds)
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
            super().connection_lost(exc)

    return HeaderTimeoutH11


def serve(settings: Settings, open_browser: bool = False, *, log_level: str = "info") -> None:
    """Serve until interrupted; with ``open_browser`` the search page opens once it is up."""
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,  # SIGTERM: stop within seconds
        timeout_keep_alive=5,
        http=header_timeout_protocol(settings.header_timeout),
        h11_max_incomplete_event_size=64 * 1024,  # request line and headers
    )
    server = uvicorn.Server(config)
    if open_browser:
        url = f"http://{settings.host}:{settings.port}/"

        def _open_when_started() -> None:
            for _ in range(100):
                if server.started:
                    webbrowser.open(url)
                    return
                threading.Event().wait(0.1)

        threading.Thread(target=_open_when_started, daemon=True).start()
    log.info("serving %s on http://%s:%d", settings.store, settings.host, settings.port)
    server.run()
