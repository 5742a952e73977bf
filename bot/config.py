"""Settings from the environment and `.env`, checked once at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.commands import CommandNames

CommandName = Annotated[str, Field(pattern=r"^/[a-z0-9_-]{1,31}$")]


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
    outbox_poll_seconds: Annotated[float, Field(gt=0, le=3600)] = 5.0
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

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

    @property
    def mode(self) -> Literal["console", "socket", "http"]:
        if not self.slack_bot_token:
            return "console"
        return "socket" if self.slack_app_token else "http"

    @property
    def command_names(self) -> CommandNames:
        return CommandNames(self.command_checkin, self.command_progress, self.command_cohort)


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
