"""Run the gateway: ``python -m cocoon.platform.gateway`` (settings from config/env)."""

from __future__ import annotations

import uvicorn

from cocoon.runtime import logs

from .app import create_app
from .settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings.load()
    logs.setup("cocoon-gateway", level=settings.log_level)  # [log] / COCOON_LOG_*
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,  # uvicorn's records go through the handler logs.setup installed
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=5,
        proxy_headers=False,  # the gateway is the edge: no proxy in front to trust
    )


if __name__ == "__main__":
    main()
