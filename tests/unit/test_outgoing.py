"""Outgoing messages travel through the outbox as versioned JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.core.messages import Message, Paragraph
from bot.core.model import ChannelKind, Cohort
from bot.core.outgoing import Address, Attachment, Outgoing

NOON_DATE = date(2027, 1, 11)
MESSAGE = Message("Your chart", (Paragraph("Your chart"),))


def test_an_outgoing_message_survives_a_round_trip_through_json() -> None:
    outgoing = Outgoing(
        MESSAGE,
        Address.channel("slack", "C0COORD"),
        under="digest:1:2",
        in_thread="1700000000.1",
        replaces="digest-chart:1:1",
        also_to_channel=True,
        attachment=Attachment.binary("chart.png", b"\x89PNG\x00\xff"),
    )
    data = json.loads(json.dumps(outgoing.to_json()))
    assert data["v"] == 1 and data["attachment"]["encoding"] == "base64"
    assert Outgoing.from_json(data) == outgoing


def test_a_plain_message_keeps_only_what_it_has() -> None:
    outgoing = Outgoing(MESSAGE, Address.person("teams", "29:amira"))
    assert set(outgoing.to_json()) == {"v", "to", "message"}
    assert Outgoing.from_json(outgoing.to_json()) == outgoing


def test_an_unknown_form_is_refused_with_a_clear_error() -> None:
    data = {**Outgoing(MESSAGE, Address.person("slack", "U1")).to_json(), "v": 2}
    with pytest.raises(ValueError, match="form 2; this bot reads form 1"):
        Outgoing.from_json(data)


def test_a_cohorts_channels_are_addresses_on_its_platform() -> None:
    cohort = Cohort("spring", "Spring", NOON_DATE, 6, "Europe/London", "C0COHORT", platform="teams")
    assert cohort.channel(ChannelKind.COHORT) == Address.channel("teams", "C0COHORT")
    assert cohort.channel(ChannelKind.MODERATORS) is None
