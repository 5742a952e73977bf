import pytest

from bot.config import SettingsError, load_settings


def test_without_slack_credentials_the_bot_runs_the_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    assert load_settings(_env_file=None).mode == "console"


def test_an_app_token_means_socket_mode_and_a_signing_secret_means_http() -> None:
    socket = load_settings(_env_file=None, slack_bot_token="xoxb-1", slack_app_token="xapp-1")
    http = load_settings(_env_file=None, slack_bot_token="xoxb-1", slack_signing_secret="s")
    assert (socket.mode, http.mode) == ("socket", "http")


def test_each_bad_setting_gets_one_line_naming_it_and_no_secret_is_shown() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(
            _env_file=None,
            slack_bot_token="xoxp-user-token-secret",
            slack_signing_secret="s",
            port=70000,
            database_url="mysql://root@db/app",
            command_checkin="checkin",
        )
    lines = str(error.value).splitlines()
    assert [line.split(":")[0] for line in lines] == ["PORT", "DATABASE_URL", "COMMAND_CHECKIN"]
    assert "xoxp-user-token-secret" not in str(error.value)


def test_a_user_token_is_refused_by_name() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None, slack_bot_token="xoxp-secret", slack_signing_secret="s")
    assert str(error.value) == "SLACK_BOT_TOKEN: must be a bot token starting xoxb-"


def test_http_mode_needs_a_signing_secret() -> None:
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET: is needed"):
        load_settings(_env_file=None, slack_bot_token="xoxb-1")


def test_the_slack_message_pace_defaults_to_600_a_minute_and_must_be_positive() -> None:
    assert load_settings(_env_file=None).slack_messages_per_minute == 600
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None, slack_messages_per_minute=0)
    assert str(error.value).startswith("SLACK_MESSAGES_PER_MINUTE: ")


def test_a_weekly_time_outside_the_working_days_and_hours_is_refused_by_name() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None, nudge_day="saturday", digest_time="18:00")
    assert str(error.value).splitlines() == [
        "NUDGE_DAY and NUDGE_TIME: Saturday at 09:00 is outside WORKING_DAYS and WORKING_HOURS "
        "(Monday to Friday, from 08:00 to 17:45)",
        "DIGEST_DAY and DIGEST_TIME: Friday at 18:00 is outside WORKING_DAYS and WORKING_HOURS "
        "(Monday to Friday, from 08:00 to 17:45)",
    ]
    assert load_settings(_env_file=None, working_days="mon-sat", nudge_day="sat").nudge_day
