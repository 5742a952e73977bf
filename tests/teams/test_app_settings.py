"""The Teams settings the app package is built from."""

from __future__ import annotations

import pytest

from bot.config import SettingsError, load_settings


def test_an_app_id_that_is_not_a_guid_is_refused_by_name() -> None:
    with pytest.raises(SettingsError, match=r"^TEAMS_APP_ID: must be the Azure Bot's"):
        load_settings(_env_file=None, teams_app_id="my-bot")


def test_empty_teams_settings_count_as_unset() -> None:
    settings = load_settings(_env_file=None, teams_app_id="", public_url="")
    assert settings.teams_app_id is None and settings.public_url is None


def test_the_publishers_pages_and_public_address_must_be_https() -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(
            _env_file=None, public_url="http://facilitator.example.org", teams_privacy_url="loti"
        )
    assert str(refused.value).splitlines() == [
        "TEAMS_PRIVACY_URL: must be an https:// address",
        "PUBLIC_URL: must be an https:// address",
    ]
