"""A file in a Teams card: a download button (and a picture shown in the card), kept
whole however long the message, and valid against the Adaptive Card schema."""

from __future__ import annotations

import json

from bot.core.messages import Message, Paragraph
from handlers.teams.render import BODY_LIMIT, BUTTON_LIMIT, MORE, FileLink, card
from tests.fakes.teams.checks import card_problems

URL = "https://facilitator.example.org/files/" + "a" * 43


def test_a_file_is_a_download_button_in_plain_words() -> None:
    file = FileLink("leaders.csv", "Leaders", URL, 7, image=False)
    rendered = card(Message("Your export", (Paragraph("Your export"),)), file)

    assert rendered["body"][-1] == {
        "type": "ActionSet",
        "actions": [
            {
                "type": "Action.OpenUrl",
                "title": "Download leaders.csv (link works for 7 days)",
                "url": URL,
            }
        ],
    }
    assert card_problems(rendered) == []


def test_a_chart_is_also_shown_in_the_card() -> None:
    file = FileLink("progress.png", "Progress, week 2", URL, 1, image=True)
    image, button = card(Message("The digest"), file)["body"][-2:]

    assert image == {"type": "Image", "url": URL, "altText": "Progress, week 2", "size": "stretch"}
    assert button["actions"][0]["title"] == "Download progress.png (link works for 1 day)"


def test_a_long_name_keeps_the_button_short_and_a_long_message_keeps_the_file() -> None:
    file = FileLink("n" * 80 + ".csv", "Leaders", URL, 7, image=True)
    long = Message("Many", tuple(Paragraph(f"Line {i}") for i in range(150)))
    rendered = card(long, file)

    body = rendered["body"]
    assert len(body) <= BODY_LIMIT and MORE in json.dumps(body)
    assert body[-2]["type"] == "Image"
    title = body[-1]["actions"][0]["title"]
    assert title == "Download the file (link works for 7 days)" and len(title) <= BUTTON_LIMIT
    assert card_problems(rendered) == []
