import pytest
from slack_sdk.models.blocks import (
    ButtonElement,
    HeaderBlock,
    ImageBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

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
    Quote,
)
from handlers.slack.block_json import as_json
from handlers.slack.fit import chunks
from handlers.slack.render import fallback_text, home_view, message_blocks, render_block
from tests.fakes.block_check import check_call
from tests.over_long import BUTTON, LONG, cut_between_words, over_long_message


def unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


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
    pieces = chunks(text, 3000)
    assert all(len(c) <= 3000 for c in pieces)
    joined = "\n".join(pieces)
    assert joined.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_a_message_never_exceeds_fifty_blocks_and_a_view_a_hundred() -> None:
    many = Message("t", tuple(Paragraph(f"line {i}") for i in range(150)))
    assert len(message_blocks(many)) == 50
    assert len(home_view(many)["blocks"]) == 100


def test_the_fallback_text_is_kept_short() -> None:
    assert len(fallback_text(Message("x" * 5000))) == 3000


def test_an_over_long_message_of_every_kind_of_block_keeps_every_limit_slack_has() -> None:
    message = over_long_message()
    posted = {"text": fallback_text(message), "blocks": message_blocks(message)}
    assert check_call("chat.postMessage", posted) == []
    assert check_call("views.publish", {"view": home_view(message)}) == []
    assert posted["blocks"][-1]["elements"][0]["text"] == "There is more than fits here."


def test_text_cut_to_fit_shows_an_ellipsis_after_a_whole_word() -> None:
    heading, *sections = message_blocks(Message("t", (Heading(LONG), Item(LONG), Context(LONG))))
    item, context = sections[0]["text"]["text"], sections[1]["elements"][0]["text"]
    assert cut_between_words(heading["text"]["text"], LONG)
    assert cut_between_words(unescaped(item.strip("*")), LONG)
    assert cut_between_words(unescaped(context), LONG)
    assert cut_between_words(unescaped(fallback_text(Message(LONG))), LONG)
    [actions] = message_blocks(Message("t", (Actions((BUTTON,)),)))
    assert cut_between_words(actions["elements"][0]["text"]["text"], BUTTON.label)


def test_long_paragraphs_and_quotes_go_on_in_more_sections_split_between_words() -> None:
    paragraphs = message_blocks(Message("t", (Paragraph(LONG),)))
    quotes = message_blocks(Message("t", (Quote(LONG),)))
    assert "".join(unescaped(b["text"]["text"]) for b in paragraphs) == LONG
    assert "".join(b["text"]["text"] for b in quotes) == LONG
    assert all(b["text"]["text"].endswith(" ") for b in [*paragraphs[:-1], *quotes[:-1]])


def test_an_id_too_long_for_slack_is_refused_rather_than_cut() -> None:
    with pytest.raises(ValueError, match="a button's action"):
        message_blocks(Message("t", (Actions((Button("Go", "a" * 256),)),)))
    with pytest.raises(ValueError, match="a button's value"):
        message_blocks(Message("t", (Actions((Button("Go", "go", "v" * 2001),)),)))


def test_blocks_are_written_out_as_slack_sdks_own_to_dict_writes_them() -> None:
    # message_blocks leaves out slack_sdk's checks (render keeps every limit itself), and
    # nothing else: every kind of block, short and over long, comes out the same.
    blocks = (
        *over_long_message().blocks,
        Heading("Your progress"),
        Paragraph("Done: module 1. Good work."),
        Quote("What I said"),
        Fields((("Pace", "3 a week"), ("Nudges", ""))),
        ProgressBar(8, 32),
        Item("1. Data and better decisions", "15 min · Done", "https://x.test/1"),
        Item("2. What counts as data", button=Button("Mark done", "module_done", "m2")),
        Actions((Button("Go", "go"), Button("Stop", "stop", "s", "danger"))),
        Context("Record a module with /checkin and its number."),
        Divider(),
    )
    written = [b.to_dict() for block in blocks for b in render_block(block)]
    assert message_blocks(Message("t", blocks[-10:])) == written[-10:]
    assert [as_json(b) for block in blocks for b in render_block(block)] == written


def test_a_kind_of_block_render_does_not_make_is_written_out_by_slack_sdk() -> None:
    image = ImageBlock(image_url="https://x.test/chart.png", alt_text="A chart")
    assert as_json(image) == image.to_dict()
