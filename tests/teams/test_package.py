"""`facilitator teams-package`: the zip an admin uploads, checked against Microsoft's schema."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image

from bot.cli import main
from bot.core.platforms import CommandName

APP_ID = "2b5f2f47-8c1e-4c55-9f2c-3d1f0e6a7b10"
SCHEMA = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "teams-manifest-schema"
    / "MicrosoftTeams.schema.json"
)
TEAMS_SETTINGS = (
    "TEAMS_APP_ID",
    "TEAMS_APP_NAME",
    "TEAMS_DEVELOPER_NAME",
    "TEAMS_DEVELOPER_URL",
    "TEAMS_PRIVACY_URL",
    "TEAMS_TERMS_URL",
    "PUBLIC_URL",
)
# What people type after the command's name, when a title has more than one word.
COHORT_TOPICS = ("status", "progress", "report", "poll", "sessions", "recruitment")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder (so no .env is read) and no Teams settings from outside."""
    monkeypatch.chdir(tmp_path)
    for name in TEAMS_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def package(folder: Path, monkeypatch: pytest.MonkeyPatch) -> zipfile.ZipFile:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    assert main(["teams-package"]) == 0
    return zipfile.ZipFile(folder / "facilitator-teams.zip")


@pytest.fixture
def manifest(package: zipfile.ZipFile) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(package.read("manifest.json"))
    return loaded


@pytest.mark.skipif(
    not SCHEMA.is_file(),
    reason=f"Microsoft's Teams manifest schema is not beside this clone ({SCHEMA}); it ships "
    "with the team's shared folder, not with the project",
)
def test_the_manifest_follows_microsofts_published_schema(manifest: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    problems = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(manifest)]
    assert problems == []
    assert manifest["manifestVersion"] == "1.29"
    assert "/v1.29/" in manifest["$schema"]


def test_the_command_says_in_one_line_where_it_wrote_the_package(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    (folder / "upload").mkdir()
    assert main(["teams-package", "--out", "upload/cohort.zip"]) == 0
    said = capsys.readouterr()
    written = folder.resolve() / "upload" / "cohort.zip"
    assert said.out.splitlines() == [f"Wrote the Teams app package to {written}"]
    assert said.err == ""
    assert zipfile.is_zipfile(written)


def test_a_folder_as_out_gets_the_package_under_its_usual_name(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    (folder / "upload").mkdir()
    assert main(["teams-package", "--out", "upload"]) == 0
    assert zipfile.is_zipfile(folder / "upload" / "facilitator-teams.zip")


def test_the_same_settings_give_the_same_bytes(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    assert main(["teams-package", "--out", "first.zip"]) == 0
    assert main(["teams-package", "--out", "second.zip"]) == 0
    assert (folder / "first.zip").read_bytes() == (folder / "second.zip").read_bytes()


def test_the_zip_holds_the_manifest_and_both_icons_at_its_top(package: zipfile.ZipFile) -> None:
    assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]


def test_the_colour_icon_is_192_pixels_square(package: zipfile.ZipFile) -> None:
    icon = Image.open(io.BytesIO(package.read("color.png")))
    assert (icon.format, icon.size, icon.mode) == ("PNG", (192, 192), "RGBA")
    assert icon.getpixel((96, 20)) == (0, 0x72, 0xB2, 255), "the accent colour fills it"


def test_the_outline_icon_is_32_pixels_of_white_on_transparent(package: zipfile.ZipFile) -> None:
    icon = Image.open(io.BytesIO(package.read("outline.png")))
    assert (icon.format, icon.size, icon.mode) == ("PNG", (32, 32), "RGBA")
    data = icon.tobytes()
    pixels = [tuple(data[i : i + 4]) for i in range(0, len(data), 4)]
    assert all(alpha == 0 or (r, g, b) == (255, 255, 255) for r, g, b, alpha in pixels)
    assert any(alpha == 255 for *_, alpha in pixels), "the mark is drawn"


def test_the_bot_is_the_app_in_every_scope(manifest: dict[str, Any]) -> None:
    (bot,) = manifest["bots"]
    assert manifest["id"] == bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    assert bot["supportsFiles"] is False
    assert bot["isNotificationOnly"] is False
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}


def test_the_bot_may_read_channel_replies_without_being_mentioned(
    manifest: dict[str, Any],
) -> None:
    permissions = manifest["authorization"]["permissions"]["resourceSpecific"]
    assert {"name": "ChannelMessage.Read.Group", "type": "Application"} in permissions
    # Microsoft's RSC instructions want this beside the permission, with a resource.
    assert manifest["webApplicationInfo"]["id"] == APP_ID
    assert manifest["webApplicationInfo"]["resource"]


def test_leaders_commands_are_offered_in_the_chat_with_the_bot(manifest: dict[str, Any]) -> None:
    personal, _ = manifest["bots"][0]["commandLists"]
    assert personal["scopes"] == ["personal"]
    assert [c["title"] for c in personal["commands"]] == ["checkin", "progress", "ask", "help"]


def test_coordinators_commands_are_offered_in_teams_and_group_chats(
    manifest: dict[str, Any],
) -> None:
    _, group = manifest["bots"][0]["commandLists"]
    assert group["scopes"] == ["team", "groupChat"]
    assert [c["title"] for c in group["commands"]] == [
        *(f"cohort {topic}" for topic in COHORT_TOPICS),
        "help",
    ]


def test_every_command_is_one_the_bot_reads_as_typed_words(manifest: dict[str, Any]) -> None:
    known = {name.value for name in CommandName} | {"help"}
    for command_list in manifest["bots"][0]["commandLists"]:
        for command in command_list["commands"]:
            first, *rest = command["title"].split()
            assert first in known
            assert not rest or (first == CommandName.COHORT and rest[0] in COHORT_TOPICS)
            # The lengths Teams shows, stricter than the schema's.
            assert len(command["title"]) <= 32
            assert 0 < len(command["description"]) <= 128


def test_the_public_address_is_a_valid_domain(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("PUBLIC_URL", "https://facilitator.example.org:8443/bot")
    assert main(["teams-package"]) == 0
    with zipfile.ZipFile(folder / "facilitator-teams.zip") as package:
        written = json.loads(package.read("manifest.json"))
    assert written["validDomains"] == ["facilitator.example.org"]


def test_without_an_app_id_it_says_what_to_set_and_writes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["teams-package"]) == 2
    said = capsys.readouterr()
    assert said.out == ""
    assert len(said.err.splitlines()) == 1
    assert "TEAMS_APP_ID" in said.err and "Traceback" not in said.err
    assert list(folder.iterdir()) == []


def test_a_place_it_cannot_write_gets_one_line_and_exit_2(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    assert main(["teams-package", "--out", "no-such-folder/app.zip"]) == 2
    said = capsys.readouterr()
    assert said.err.splitlines() == [
        "Cannot write the Teams app package to no-such-folder/app.zip: No such file or directory"
    ]
