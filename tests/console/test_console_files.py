"""The console shows a file the bot sends: its number, name, size and first lines."""

from __future__ import annotations

from bot.core.messages import Message, Paragraph
from bot.core.model import Delivery
from bot.core.outgoing import Address, Attachment, Links, Outgoing
from handlers.console.adapters import ConsoleDirectory, ConsoleSender


async def test_a_sent_file_prints_with_its_number_name_size_and_first_lines() -> None:
    printed: list[str] = []
    directory = ConsoleDirectory()
    directory.add("sam", "Sam Okafor")
    rows = "\ufeffName,Status\r\n" + "".join(f"Leader {n},on-track\r\n" for n in range(1, 7))
    comment = Message(
        "Progress: one row per leader.", (Paragraph("Progress: one row per leader."),)
    )
    attachment = Attachment.text("progress.csv", rows)
    outgoing = Outgoing(comment, Address.person("console", "sam"), attachment=attachment)
    await ConsoleSender(directory, printed.append).send(Delivery("export:1", outgoing), Links())
    assert "\n".join(printed) == (
        "--> message to Sam Okafor:\n"
        "    Progress: one row per leader.\n"
        "    [file 1: progress.csv, 130 bytes]\n"
        "    Name,Status\n"
        "    Leader 1,on-track\n"
        "    Leader 2,on-track\n"
        "    Leader 3,on-track\n"
        "    ... and 3 more lines (type :show 1 to see it all)"
    )


async def test_a_binary_file_prints_as_one_line_with_its_name_and_how_to_keep_it() -> None:
    printed: list[str] = []
    directory = ConsoleDirectory()
    comment = Message("The chart.", (Paragraph("The chart."),))
    chart = Attachment.binary("completion.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    outgoing = Outgoing(comment, Address.channel("console", "C0COORDIN1"), attachment=chart)
    await ConsoleSender(directory, printed.append).send(
        Delivery("digest-chart:1:2", outgoing), Links()
    )
    assert "\n".join(printed) == (
        "--> message to #C0COORDIN1:\n    The chart.\n"
        "    [file 1: completion.png, a PNG image]"
        " (type :save 1 and a file name to keep it)"
    )
