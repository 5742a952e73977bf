import pytest

from bot.cli import main


def test_slack_mode_refuses_the_console_samples_people(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "config/cohort.sample.yml: these are not Slack member ids (like U012AB3CD): sam" in err


def test_an_unreachable_database_is_explained_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://nobody@127.0.0.1:9/none")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Facilitator cannot use its database. Check DATABASE_URL")
    assert "Traceback" not in err
