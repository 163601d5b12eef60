"""``vanban serve``: run the HTTP app with uvicorn.

The CLI wires it as ``serve(Settings(), open_browser=...)``; host, port and store come from the
settings (``VANBAN_HOST``, ``VANBAN_PORT``, ``VANBAN_STORE``).
"""

from __future__ import annotations

import logging
import threading
import webbrowser

import uvicorn

from api.config import Settings
from api.main import create_app

__all__ = ["serve"]

log = logging.getLogger(__name__)

GRACEFUL_SHUTDOWN_S = 3  # seconds open requests get after SIGTERM before they are cut


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
