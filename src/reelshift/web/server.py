"""``reelshift serve``: run the app with uvicorn, logging without request bodies or queries."""

from __future__ import annotations

import os
import sys

LOGGING: dict[str, object] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "reelshift": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        # uvicorn's own access log prints query strings; ours (reelshift.web.access) does not
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "alembic": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    database_url: str | None = None,
    access_log: bool = True,
) -> None:
    """Prepare the database once, then serve ``create_app`` from ``workers`` processes."""
    import uvicorn

    from reelshift.store import open_repository
    from reelshift.web.settings import Settings

    if database_url:
        os.environ["REELSHIFT_DATABASE_URL"] = database_url
    if "REELSHIFT_ALLOWED_HOSTS" not in os.environ:
        # Answer to the address we listen on and to the local names; on every interface the
        # operator must say which names are theirs (docs/web.md, "Production setup").
        from reelshift.web.settings import LOCAL_HOSTS

        if host in ("0.0.0.0", "::", ""):
            print(
                "warning: listening on every interface without REELSHIFT_ALLOWED_HOSTS and "
                "REELSHIFT_PUBLIC_URL: any Host header is accepted and used in share links",
                file=sys.stderr,
            )
            os.environ["REELSHIFT_ALLOWED_HOSTS"] = "*"
        else:
            os.environ["REELSHIFT_ALLOWED_HOSTS"] = f"{LOCAL_HOSTS},{host}"
    Settings.from_env()  # check the settings and create the shared secret before workers start
    repo = open_repository(database_url or os.environ.get("REELSHIFT_DATABASE_URL"))
    repo.migrate()
    repo.close()
    config = dict(LOGGING)
    if not access_log:
        config["loggers"] = {
            **LOGGING["loggers"],  # type: ignore[dict-item]
            "reelshift.web.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        }
    settings = Settings.from_env()
    from reelshift.web.protocol import GuardedHttpProtocol

    # Forwarded headers (X-Forwarded-For, -Proto) are believed only from the proxies the operator
    # names; by default from none, so no client can pick the address its rate limit counts.
    trusted = settings.forwarded_allow_ips
    uvicorn.run(
        "reelshift.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        log_config=config,
        access_log=False,
        server_header=False,
        http=GuardedHttpProtocol,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        limit_concurrency=settings.max_connections or None,
        timeout_keep_alive=settings.keep_alive_seconds,
        h11_max_incomplete_event_size=16 * 1024,
        timeout_graceful_shutdown=5,
    )
