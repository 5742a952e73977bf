import json

from bot.core.messages import (
    Actions,
    Button,
    Context,
    Divider,
    Fields,
    Heading,
    Item,
    Message,
    Paragraph,
    ProgressBar,
)


def test_a_message_survives_the_outbox_as_json() -> None:
    message = Message(
        "fallback",
        (
            Heading("h"),
            Paragraph("p"),
            Fields((("a", "b"),)),
            ProgressBar(3, 32),
            Item(
                "1. A",
                "15 min",
                "https://x.test",
                Button("Mark done", "module_done", "a", "primary"),
            ),
            Item("2. B"),
            Actions((Button("Yes", "yes"), Button("No", "no", style="danger"))),
            Context("c"),
            Divider(),
        ),
    )
    assert Message.from_dict(json.loads(json.dumps(message.to_dict()))) == message


def test_progress_percent_rounds_and_survives_an_empty_course() -> None:
    assert ProgressBar(1, 3).percent == 33
    assert ProgressBar(0, 0).percent == 0
