"""JSON log lines: one object a line, with the fields a log collector indexes."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime

import pytest

from bot.config import SettingsError, load_settings
from bot.logs import JsonFormatter


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    name = "bot.core.services.outbox"
    logger = logging.getLogger(name)
    return logger.makeRecord(name, logging.WARNING, __file__, 1, message, args, None, extra=extra)


def test_a_record_is_one_json_object_with_time_level_logger_message_and_extras() -> None:
    line = JsonFormatter().format(
        record("delivery %s gave up after %d tries", "nudge:1", 8, try_no=8)
    )
    assert "\n" not in line
    entry = json.loads(line)
    assert list(entry)[:4] == ["time", "level", "logger", "message"]
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "bot.core.services.outbox"
    assert entry["message"] == "delivery nudge:1 gave up after 8 tries"
    assert entry["try_no"] == 8
    assert datetime.fromisoformat(entry["time"]).utcoffset() is not None
    # Nothing of the record's own machinery comes along.
    assert not {"args", "msg", "levelno", "pathname", "created", "taskName"} & set(entry)


def test_a_traceback_stays_inside_its_line() -> None:
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        logger = logging.getLogger("bot.app")
        made = logger.makeRecord(
            "bot.app", logging.ERROR, __file__, 1, "failed", (), exc_info=sys.exc_info()
        )
    line = JsonFormatter().format(made)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["exception"].startswith("Traceback") and "ValueError: bad" in entry["exception"]


def test_an_extra_that_json_cannot_hold_is_written_as_text() -> None:
    entry = json.loads(JsonFormatter().format(record("at", when=datetime(2027, 1, 11, 9, 0))))
    assert entry["when"] == "2027-01-11 09:00:00"


def test_log_format_is_a_setting_text_by_default() -> None:
    assert load_settings(_env_file=None).log_format == "text"
    assert load_settings(_env_file=None, log_format="json").log_format == "json"


def test_an_unknown_log_format_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(SettingsError, match=r"^LOG_FORMAT: Input should be 'text' or 'json'"):
        load_settings(_env_file=None)
