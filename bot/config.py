"""Settings from the environment and `.env`, checked once at start."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

import holidays
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.platforms import CommandNames
from bot.core.timetable import Timetable, WeeklyTime, parse_weekday

CommandName = Annotated[str, Field(pattern=r"^/[a-z0-9_-]{1,31}$")]
LogFormat = Literal["text", "json"]
GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


class SettingsError(Exception):
    """Start-up cannot go on; the message has one line per problem."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    host: str = "0.0.0.0"
    port: Annotated[int, Field(ge=1, le=65535)] = 3000
    database_url: str = "sqlite+aiosqlite:///facilitator.db"
    curriculum_file: Path = Path("config/curriculum.sample.yml")
    cohort_file: Path = Path("config/cohort.sample.yml")
    command_checkin: CommandName = "/checkin"
    command_progress: CommandName = "/progress"
    command_cohort: CommandName = "/cohort"
    command_ask: CommandName = "/ask"
    outbox_poll_seconds: Annotated[float, Field(gt=0, le=3600)] = 5.0
    slack_messages_per_minute: Annotated[int, Field(ge=1, le=60_000)] = 600
    # Seconds to wait for Slack to answer a post; past that, its history is asked instead.
    slack_send_timeout_seconds: Annotated[int, Field(ge=1, le=120)] = 10
    nudge_day: str = "monday"
    nudge_time: time = time(9, 0)
    reminder_day: str = "thursday"
    reminder_time: time = time(12, 0)
    digest_day: str = "friday"
    digest_time: time = time(15, 0)
    # Working days a question may wait for a moderator's reply before they are reminded.
    question_reply_days: Annotated[int, Field(ge=1, le=10)] = 1
    working_days: str = "mon-fri"
    working_hours: str = "08:00-18:00"
    holiday_region: Literal["england-and-wales", "scotland", "northern-ireland", "none"] = (
        "england-and-wales"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # text: lines for people; json: one JSON object a line, for a log collector.
    log_format: LogFormat = "text"
    # Microsoft Teams: the Azure Bot's app registration.
    teams_app_id: str | None = None
    teams_app_password: SecretStr | None = None
    teams_certificate_file: Path | None = None
    teams_tenant_id: str | None = None
    teams_app_type: Literal["single-tenant", "multi-tenant"] = "single-tenant"
    teams_allow_anonymous: bool = False
    teams_messages_per_second: Annotated[float, Field(gt=0, le=50)] = 20.0
    teams_app_name: Annotated[str, Field(min_length=1, max_length=30)] = "Facilitator"
    teams_developer_name: Annotated[str, Field(min_length=1, max_length=32)] = "LOTI"
    teams_developer_url: str = "https://loti.london/"
    teams_privacy_url: str | None = None
    teams_terms_url: str | None = None
    public_url: str | None = None
    # How long a download link (Teams' way to a file) works, in days.
    download_link_days: Annotated[int, Field(ge=1, le=90)] = 7

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, url: str) -> str:
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return url

    @field_validator("slack_api_url")
    @classmethod
    def _ends_with_slash(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return url if url.endswith("/") else url + "/"

    @field_validator("nudge_day", "reminder_day", "digest_day")
    @classmethod
    def _is_a_day(cls, text: str) -> str:
        if parse_weekday(text) is None:
            raise ValueError("must be a day of the week, like monday")
        return text

    @field_validator("working_days")
    @classmethod
    def _are_days(cls, text: str) -> str:
        _days(text)
        return text

    @field_validator("working_hours")
    @classmethod
    def _are_hours(cls, text: str) -> str:
        _hours(text)
        return text

    # Microsoft Teams
    @field_validator(
        "teams_app_id", "teams_privacy_url", "teams_terms_url", "public_url", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("teams_app_id")
    @classmethod
    def _is_a_guid(cls, app_id: str | None) -> str | None:
        if app_id is not None and not GUID.fullmatch(app_id):
            raise ValueError(
                "must be the Azure Bot's Microsoft App ID, a GUID like "
                "00000000-0000-0000-0000-000000000000"
            )
        return app_id

    @field_validator("teams_developer_url", "teams_privacy_url", "teams_terms_url", "public_url")
    @classmethod
    def _is_https(cls, url: str | None) -> str | None:
        if url is not None and not (url.startswith("https://") and urlsplit(url).hostname):
            raise ValueError("must be an https:// address")
        return url

    @model_validator(mode="after")
    def _slack_settings_fit_together(self) -> Self:
        problems = []
        if self.slack_bot_token and not _secret(self.slack_bot_token).startswith("xoxb-"):
            problems.append("SLACK_BOT_TOKEN: must be a bot token starting xoxb-")
        if self.slack_app_token and not _secret(self.slack_app_token).startswith("xapp-"):
            problems.append("SLACK_APP_TOKEN: must be an app-level token starting xapp-")
        if self.slack_app_token and not self.slack_bot_token:
            problems.append("SLACK_BOT_TOKEN: is needed with SLACK_APP_TOKEN")
        if self.slack_bot_token and not self.slack_app_token and not self.slack_signing_secret:
            problems.append("SLACK_SIGNING_SECRET: is needed to serve Slack over HTTP")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @model_validator(mode="after")
    def _weekly_times_fit_the_hours(self) -> Self:
        """The cohort's weekly times must be ones the bot sends at, as a leader's must."""
        hours = timetable(self)
        problems = [
            f"{name.upper()}_DAY and {name.upper()}_TIME: {when.describe()} is outside "
            "WORKING_DAYS and "
            f"WORKING_HOURS ({hours.describe_window()})"
            for name, when in (
                ("nudge", hours.nudge),
                ("reminder", hours.reminder),
                ("digest", hours.digest),
            )
            if not hours.fits(when)
        ]
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def teams_problems(self) -> list[str]:
        """What stops the bot serving Teams, one line each: checked when it starts, since
        `teams-package` needs only the app id."""
        problems = []
        has_credential = self.teams_app_password or self.teams_certificate_file
        if self.teams_app_id and not has_credential and not self.teams_allow_anonymous:
            problems.append(
                "TEAMS_APP_PASSWORD: Teams is configured (TEAMS_APP_ID) without its client "
                "secret or TEAMS_CERTIFICATE_FILE, so it cannot sign in"
            )
        single_tenant = self.teams_app_type == "single-tenant" and bool(self.teams_app_id)
        if single_tenant and not self.teams_tenant_id and not self.teams_allow_anonymous:
            problems.append("TEAMS_TENANT_ID: a single-tenant Teams bot needs its tenant id")
        return problems

    @property
    def teams_enabled(self) -> bool:
        """Teams is served at /api/messages when it has an app id, or in anonymous test mode."""
        return bool(self.teams_app_id) or self.teams_allow_anonymous

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token)  # an empty SLACK_BOT_TOKEN= in .env is no token

    @property
    def mode(self) -> Literal["console", "socket", "http"]:
        if not self.slack_bot_token:
            return "http" if self.teams_enabled else "console"
        return "socket" if self.slack_app_token else "http"

    @property
    def command_names(self) -> CommandNames:
        return CommandNames(
            self.command_checkin, self.command_progress, self.command_cohort, self.command_ask
        )


def timetable(settings: Settings) -> Timetable:
    """The programme's weekly times and working hours, with the region's bank holidays."""
    starts, ends = _hours(settings.working_hours)
    region = HOLIDAY_REGIONS[settings.holiday_region]
    return Timetable(
        nudge=_weekly(settings.nudge_day, settings.nudge_time),
        reminder=_weekly(settings.reminder_day, settings.reminder_time),
        digest=_weekly(settings.digest_day, settings.digest_time),
        working_days=_days(settings.working_days),
        day_starts=starts,
        day_ends=ends,
        holidays=holidays.country_holidays("GB", subdiv=region) if region else frozenset(),
    )


HOLIDAY_REGIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
    "none": None,
}


def _weekly(day: str, at: time) -> WeeklyTime:
    weekday = parse_weekday(day)
    assert weekday is not None, "checked when settings load"
    return WeeklyTime(weekday, at)


def _days(text: str) -> frozenset[int]:
    """'mon-fri' or 'mon,tue,thu' as weekday numbers."""
    days: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        start, end = parse_weekday(first), parse_weekday(last or first)
        if start is None or end is None or end < start:
            raise ValueError("must be days like mon-fri or mon,tue,thu")
        days.update(range(start, end + 1))
    return frozenset(days)


def _hours(text: str) -> tuple[time, time]:
    """'08:00-18:00' as a start and an end."""
    try:
        first, last = (time.fromisoformat(t.strip()) for t in text.split("-"))
    except ValueError as error:
        raise ValueError("must be hours like 08:00-18:00") from error
    if last <= first:
        raise ValueError("must end after it starts, like 08:00-18:00")
    return first, last


def _secret(value: SecretStr) -> str:
    return value.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Read settings; raise SettingsError naming each bad variable, never its value."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        lines = []
        for item in error.errors():
            message = str(item["msg"]).removeprefix("Value error, ")
            if item["loc"]:
                lines.append(f"{str(item['loc'][0]).upper()}: {message}")
            else:
                lines.extend(message.splitlines())
        raise SettingsError("\n".join(lines)) from None
