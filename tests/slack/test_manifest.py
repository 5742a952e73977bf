"""manifest.yml against Slack's published schema and against what the code registers."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.config import load_settings
from handlers.slack.history import EVENT_TYPE
from handlers.slack.ids import ACTIONS, EVENTS

SCHEMA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "slack-manifest-schema"
MANIFEST = yaml.safe_load(Path("manifest.yml").read_text(encoding="utf-8"))


@pytest.mark.skipif(
    not SCHEMA_DIR.is_dir(),
    reason=f"Slack's manifest schema is not beside this clone ({SCHEMA_DIR}); it ships with "
    "the team's shared folder, not with the project",
)
def test_the_manifest_follows_slacks_published_schema() -> None:
    major = MANIFEST.get("_metadata", {}).get("major_version", 1)
    schema_path = SCHEMA_DIR / "schemas" / f"manifest.schema.{major}.0.0.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(MANIFEST, schema)


def test_the_manifest_declares_exactly_the_commands_the_bot_registers() -> None:
    names = load_settings(_env_file=None).command_names
    declared = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert declared == {names.checkin, names.progress, names.cohort, names.ask}
    assert all(c["should_escape"] for c in MANIFEST["features"]["slash_commands"])


def test_the_manifest_subscribes_to_exactly_the_events_the_bot_handles() -> None:
    assert sorted(MANIFEST["settings"]["event_subscriptions"]["bot_events"]) == sorted(EVENTS)


def test_the_manifest_turns_on_what_the_bot_uses() -> None:
    home = MANIFEST["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert MANIFEST["settings"]["interactivity"]["is_enabled"]
    assert MANIFEST["settings"]["socket_mode_enabled"]
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "im:write", "im:history", "im:read", "users:read"} <= scopes
    assert {"app_mentions:read", "channels:history", "metadata.message:read"} <= scopes
    # Slack says when each of the bot's messages arrived (handlers/slack/events/arrivals.py).
    [subscribed] = MANIFEST["settings"]["event_subscriptions"]["metadata_subscriptions"]
    assert subscribed["event_type"] == EVENT_TYPE


def test_action_ids_fit_slacks_limit() -> None:
    assert all(0 < len(a) <= 255 for a in ACTIONS)
