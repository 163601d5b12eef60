"""Settings of the HTTP server, read from the environment (prefix ``VANBAN_``) by the caller.

Nothing here is read at import time: :func:`api.main.create_app` takes a :class:`Settings`
instance (``Settings()`` reads the environment; tests pass their own).

======================== ==================== =============================================
variable                 default              meaning
======================== ==================== =============================================
VANBAN_STORE             ./vanban-data        store directory or neo4j:// / bolt:// URI
VANBAN_TOKEN             (unset)              bearer token for POST /api/letters; unset
                                              disables uploads (403)
VANBAN_MAX_DEPTH         12                   deepest trace a request may ask for
VANBAN_MAX_NODES         2000                 rows per list response / nodes per graph
VANBAN_MAX_UPLOAD_BYTES  10485760             bytes per uploaded file
VANBAN_MAX_UPLOAD_FILES  50                   files per upload request
VANBAN_PHYSICS_MAX_NODES 300                  graph views larger than this get precomputed
                                              positions and no physics
VANBAN_REFRESH_SECONDS   1.0                  how often the server looks for letters that
                                              other processes ingested
VANBAN_HOST              127.0.0.1            address ``vanban serve`` binds to
VANBAN_PORT              8000                 port ``vanban serve`` listens on
VANBAN_STORE_FILE_MODE   600                  permissions of new store files, in octal (the
                                              folder gets the matching x bits: 700)
VANBAN_FILE_TIMEOUT      60                   seconds one file may take to read and parse
                                              (ingest and uploads)
VANBAN_HEADER_TIMEOUT    10                   seconds a client has to send a request's
                                              headers before ``vanban serve`` closes it
VANBAN_NEO4J_USER        (unset)              Neo4j user, for a neo4j:// / bolt:// store
VANBAN_NEO4J_PASSWORD    (unset)              Neo4j password
VANBAN_NEO4J_DATABASE    (unset: the default) Neo4j database name
======================== ==================== =============================================
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Everything the server can be told; every field has a default and help text."""

    model_config = SettingsConfigDict(env_prefix="VANBAN_", extra="ignore", frozen=True)

    store: str = Field(
        default="./vanban-data",
        description="Store location: a directory (embedded store) or a neo4j:// / bolt:// URI.",
    )
    token: SecretStr | None = Field(
        default=None,
        description="Bearer token required by POST /api/letters; uploads are disabled when unset.",
    )
    max_depth: int = Field(
        default=12, ge=1, le=100, description="Deepest trace a request may ask for."
    )
    max_nodes: int = Field(
        default=2000,
        ge=10,
        description="Most rows in one list response and most nodes in one graph view.",
    )
    max_upload_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1024, description="Largest accepted uploaded file, in bytes."
    )
    max_upload_files: int = Field(default=50, ge=1, description="Most files in one upload request.")
    physics_max_nodes: int = Field(
        default=300,
        ge=0,
        description="Graph views with more nodes get precomputed positions, no physics.",
    )
    host: str = Field(default="127.0.0.1", description="Address the server binds to.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port the server listens on.")
    refresh_seconds: float = Field(
        default=1.0,
        ge=0,
        description="How often (at most) the server looks for letters other processes ingested.",
    )
    store_file_mode: str = Field(
        default="600",
        description="Permissions of new embedded-store files, in octal (the folder gets 700).",
    )
    file_timeout: float = Field(
        default=60.0, gt=0, description="Seconds one file may take to read and parse."
    )
    header_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a client has to send a request's headers."
    )

    @field_validator("store_file_mode")
    @classmethod
    def _octal_mode(cls, value: str) -> str:
        try:
            mode = int(value, 8)
        except ValueError:
            raise ValueError(f"{value!r} is not an octal file mode such as 600") from None
        if not 0 <= mode <= 0o777:
            raise ValueError(f"{value!r} is not a file mode (000..777)")
        return value

    neo4j_user: str | None = Field(default=None, description="Neo4j user (neo4j:// stores).")
    neo4j_password: SecretStr | None = Field(default=None, description="Neo4j password.")
    neo4j_database: str | None = Field(
        default=None, description="Neo4j database name (the server's default when unset)."
    )

    def store_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`graph.store.open_store` (credentials for Neo4j)."""
        if "://" not in self.store:
            return {"file_mode": int(self.store_file_mode, 8)}
        return {
            "user": self.neo4j_user,
            "password": self.neo4j_password.get_secret_value() if self.neo4j_password else None,
            "database": self.neo4j_database,
        }

    @property
    def uploads_enabled(self) -> bool:
        return self.token is not None and bool(self.token.get_secret_value())
