"""The app package an admin uploads to Teams: manifest.json and the two icons, in a zip."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from bot.core.platforms import CommandName
from handlers.teams import icons

MANIFEST_VERSION = "1.29"
SCHEMA_URL = "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json"
# Lets the bot read every message in a team's channels without being @mentioned, so a
# moderator's reply in a question's thread reaches the asker. Owners consent on install.
CHANNEL_MESSAGES = {"name": "ChannelMessage.Read.Group", "type": "Application"}
HELP = "help"  # answered by the adapter with the list of commands
# A fixed time for every file in the zip, so the same settings give the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class AppDetails:
    """What the manifest says about the app and who publishes it."""

    app_id: str  # the Azure Bot's Microsoft App ID; also the Teams app's id
    version: str
    name: str
    developer: str
    website_url: str
    privacy_url: str
    terms_url: str
    domain: str | None = None


def package_zip(app: AppDetails) -> bytes:
    """The zip, with manifest.json, color.png and outline.png at its top level."""
    files = {
        "manifest.json": json.dumps(manifest(app), indent=2, ensure_ascii=False).encode(),
        "color.png": icons.color_png(),
        "outline.png": icons.outline_png(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def manifest(app: AppDetails) -> dict[str, Any]:
    """manifest.json for schema v1.29: one bot, its commands and the channel permission."""
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": app.version,
        "id": app.app_id,
        "developer": {
            "name": app.developer,
            "websiteUrl": app.website_url,
            "privacyUrl": app.privacy_url,
            "termsOfUseUrl": app.terms_url,
        },
        "name": {"short": app.name, "full": f"{app.name}, for a cohort taking a course together"},
        "description": {
            "short": "Weekly nudges, check-ins and questions for a cohort taking a course.",
            "full": _full_description(app.name),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": icons.ACCENT,
        "bots": [
            {
                "botId": app.app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": _commands(LEADER_COMMANDS)},
                    {"scopes": ["team", "groupChat"], "commands": _commands(COORDINATOR_COMMANDS)},
                ],
            }
        ],
        "validDomains": [app.domain] if app.domain else [],
        # Microsoft asks for this beside resource-specific permissions; for RSC the
        # resource is not used, but it must be there and not empty.
        "webApplicationInfo": {"id": app.app_id, "resource": f"api://botid-{app.app_id}"},
        "authorization": {"permissions": {"resourceSpecific": [CHANNEL_MESSAGES]}},
    }


# What Teams suggests as people type, each with a line on what it does. Teams shows titles
# up to 32 characters and descriptions up to 128.
_COHORT = CommandName.COHORT.value
LEADER_COMMANDS = {
    CommandName.CHECKIN.value: "Record the modules you have done, such as checkin 3",
    CommandName.PROGRESS.value: "Your progress and this week's plan; progress plan shows all weeks",
    CommandName.ASK.value: "Ask the moderators a question, with your name or anonymously",
    HELP: "See everything you can do, with examples",
}
COORDINATOR_COMMANDS = {
    f"{_COHORT} status": "Leaders enrolled against seats, and completion by organisation",
    f"{_COHORT} progress": "Completion by organisation, seniority and pace, and who is behind",
    f"{_COHORT} report": "Headline findings in plain English, with the figures behind them",
    f"{_COHORT} poll": "Ask leaders which times they can make for a reflection session",
    f"{_COHORT} sessions": "The reflection sessions: who is in each, attendance and ratings",
    f"{_COHORT} recruitment": "Sign-ups against seats for each organisation, and who is waiting",
    HELP: "See every coordinator command, with examples",
}


def _commands(commands: dict[str, str]) -> list[dict[str, str]]:
    return [{"title": title, "description": text} for title, text in commands.items()]


def _full_description(name: str) -> str:
    return (
        f"{name} helps a cohort of senior leaders work through a self-paced course together. "
        "Each leader gets a message every week with that week's modules. They record what "
        "they have done with checkin, see their plan with progress, and ask the moderators "
        "a question with ask, with their name or anonymously. Coordinators follow the cohort "
        "with cohort status, progress and report, ask leaders which times suit a reflection "
        "session, and follow recruitment. Type help in a chat with the bot to see every command."
    )
