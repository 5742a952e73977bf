from slack_sdk.models.blocks import (
    ButtonElement,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.core.messages import Button, Heading, Item, Message, Paragraph, ProgressBar
from handlers.slack.render import escaped_chunks, fallback_text, home_view, message_blocks


def test_a_module_item_becomes_a_section_with_a_link_and_a_button() -> None:
    item = Item(
        "3. Data & you",
        "15 min · To do",
        "https://x.test/3",
        Button("Mark done", "module_done", "m3", "primary"),
    )
    expected = SectionBlock(
        text=MarkdownTextObject(text="*<https://x.test/3|3. Data &amp; you>*\n15 min · To do"),
        accessory=ButtonElement(
            text=PlainTextObject(text="Mark done"),
            action_id="module_done",
            value="m3",
            style="primary",
        ),
    )
    assert message_blocks(Message("t", (item,))) == [expected.to_dict()]


def test_user_text_cannot_ping_a_channel_or_inject_a_link() -> None:
    blocks = message_blocks(Message("t", (Paragraph("<!channel> see <http://evil.test|this>"),)))
    assert blocks[0]["text"]["text"] == "&lt;!channel&gt; see &lt;http://evil.test|this&gt;"


def test_a_progress_bar_states_its_numbers_in_words() -> None:
    [block] = message_blocks(Message("t", (ProgressBar(8, 32),)))
    assert block["text"]["text"].endswith("8 of 32 modules done (25%)")


def test_headings_are_plain_text_headers() -> None:
    assert message_blocks(Message("t", (Heading("Your progress"),))) == [
        HeaderBlock(text=PlainTextObject(text="Your progress")).to_dict()
    ]


def test_long_text_is_split_into_sections_within_slacks_limit() -> None:
    text = "\n".join(["<&>" * 50] * 100)
    chunks = escaped_chunks(text, 3000)
    assert all(len(c) <= 3000 for c in chunks)
    joined = "\n".join(chunks)
    assert joined.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_a_message_never_exceeds_fifty_blocks_and_a_view_a_hundred() -> None:
    many = Message("t", tuple(Paragraph(f"line {i}") for i in range(150)))
    assert len(message_blocks(many)) == 50
    assert len(home_view(many)["blocks"]) == 100


def test_the_fallback_text_is_kept_short() -> None:
    assert len(fallback_text(Message("x" * 5000))) == 3000
