"""How the bot logs: lines for a person to read, or one JSON object a line for a collector.

Nothing logged at INFO or WARNING may carry a token, a secret or anything a person
wrote: log keys, ids and error codes, never message text or request bodies.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import StreamResponse

from bot.config import LogFormat

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# These narrate every migration and every job run at INFO, and at DEBUG the Slack SDK and
# the database drivers log whole requests and rows, people's ids and words among them:
# only their problems belong in the log.
CHATTY = ("alembic", "apscheduler", "slack_sdk", "slack_bolt", "aiosqlite", "asyncpg")
# What every log record has; anything else on a record came as `extra=` and is a field.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def configure_logging(level: str, form: LogFormat) -> None:
    """Log to standard error at `level`, as text or as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if form == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    for chatty in CHATTY:
        logging.getLogger(chatty).setLevel(max(logging.getLevelName(level), logging.WARNING))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, then any
    extra fields, and the traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((k, v) for k, v in vars(record).items() if k not in _RECORD_FIELDS)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RouteAccessLogger(AbstractAccessLogger):
    """One line a request naming its route, not its path: a download link's token, a
    query string or a stranger's made-up path never reaches the log."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        resource = request.match_info.route.resource if isinstance(request, web.Request) else None
        route = resource.canonical if resource is not None else "(no route)"
        self.logger.info(
            "%s %s %s %.3fs",
            request.method,
            route,
            response.status,
            time,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status,
                "seconds": round(time, 3),
            },
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)
