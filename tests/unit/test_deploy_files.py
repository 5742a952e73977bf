"""The deployment files agree with the code: every setting they name is one the bot reads,
they check health and stop the bot the same way, and no secret goes into the image.
(`make test` also runs hadolint on the Dockerfile; no Docker daemon is needed.)"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings, load_settings
from bot.healthcheck import health_url

COMPOSE: dict[str, Any] = yaml.safe_load(Path("deploy/compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
SETTINGS = {name.upper() for name in Settings.model_fields}
# Read by Python or a library in the image, not by the bot's settings.
RUNTIME = {"PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "MPLCONFIGDIR"}


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (INSTRUCTION, arguments), continuations joined."""
    text = Path("Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.replace("\\\n", " ").splitlines() if line.strip()]
    return [
        (word.upper(), rest.strip())
        for word, _, rest in (line.partition(" ") for line in lines if not line.startswith("#"))
    ]


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile()
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return instructions[last_from:]


def service_section() -> dict[str, list[str]]:
    """The unit file's [Service] lines, each key with all its values (Environment repeats)."""
    found: dict[str, list[str]] = {}
    section = ""
    for line in Path("deploy/facilitator.service").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Service" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            found.setdefault(key, []).append(value)
    return found


def test_the_image_runs_as_a_user_checks_its_health_and_stops_gently() -> None:
    stage = dict(final_stage())
    user = stage["USER"].split(":")[0]
    assert user.isdigit() and int(user) >= 1000
    assert stage["STOPSIGNAL"] == "SIGINT"
    assert stage["HEALTHCHECK"].endswith('CMD ["python", "-m", "bot.healthcheck"]')
    assert stage["CMD"] == '["facilitator", "run"]'


def test_the_image_sets_only_settings_the_bot_reads_and_no_secret() -> None:
    names = set()
    for word, arguments in final_stage():
        if word == "ENV":
            names |= set(re.findall(r"(\w+)=", arguments))
    assert names - RUNTIME <= SETTINGS, names - RUNTIME - SETTINGS
    assert not {n for n in names if re.search("TOKEN|SECRET|PASSWORD", n)}


def test_the_build_context_leaves_out_env_files_databases_and_peoples_cohort_files() -> None:
    rules = [
        line
        for line in Path(".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def sent(path: str) -> bool:
        included = True
        for rule in rules:  # the last rule that matches decides, as Docker reads them
            pattern = rule.removeprefix("!").rstrip("/")
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, pattern + "/*"):
                included = rule.startswith("!")
        return included

    for kept_out in (".env", "facilitator.db", ".git", ".venv", "config/cohort.yml", "tests"):
        assert not sent(kept_out), kept_out
    for needed in ("pyproject.toml", "README.md", "bot/app.py", "config/cohort.sample.yml"):
        assert sent(needed), needed


def test_compose_sets_only_settings_and_a_database_url_the_bot_accepts() -> None:
    for name in ("migrate", "bot"):
        environment = SERVICES[name]["environment"]
        assert set(environment) <= SETTINGS
        url = environment["DATABASE_URL"].replace(
            "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}", "s3cret"
        )
        settings = load_settings(_env_file=None, database_url=url)
        assert settings.database_url.startswith("postgresql+asyncpg://facilitator:s3cret@postgres")
        assert environment["SLACK_APP_TOKEN"] == ""  # Slack over HTTP


def test_compose_migrates_once_postgres_is_healthy_and_then_starts_the_bot() -> None:
    postgres, migrate, bot = SERVICES["postgres"], SERVICES["migrate"], SERVICES["bot"]
    assert "pg_isready" in postgres["healthcheck"]["test"]
    assert postgres["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    assert "postgres-data" in COMPOSE["volumes"]
    assert migrate["command"] == ["facilitator", "db", "upgrade"]
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert bot["command"] == ["facilitator", "run"]
    assert bot["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert bot["healthcheck"]["test"] == ["CMD", "python", "-m", "bot.healthcheck"]
    # Published on the host's loopback only, for the reverse proxy and Prometheus.
    assert bot["ports"] == ["127.0.0.1:3000:3000"]
    where = bot["environment"]
    settings = load_settings(_env_file=None, host=where["HOST"], port=where["PORT"])
    assert health_url(settings) == "http://127.0.0.1:3000/healthz"


def test_the_systemd_unit_migrates_runs_and_stops_the_bot_like_the_image() -> None:
    service = service_section()
    [before], [start] = service["ExecStartPre"], service["ExecStart"]
    assert before.endswith("/bin/facilitator db upgrade")
    assert start.endswith("/bin/facilitator run")
    assert service["KillSignal"] == ["SIGINT"]
    assert service["User"] == ["facilitator"]
    names = {setting.split("=", 1)[0] for setting in service["Environment"]}
    assert names - RUNTIME <= SETTINGS
