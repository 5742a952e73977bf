"""Calendar invites, read back with vobject: a parser that shares no code with icalendar."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.invites import PRODID, calendar_invite

LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2028, 1, 2, 3, 4, 5, tzinfo=UTC)
START = datetime(2028, 3, 28, 14, 0, tzinfo=LONDON)


def invite(**changes: Any) -> str:
    arguments: dict[str, Any] = {
        "uid": "session-17@facilitator",
        "title": "Reflection session",
        "starts_at": START,
        "minutes": 60,
        "time_zone": "Europe/London",
        "place": "Room 4",
        "description": "Bring a question.",
        "stamped_at": STAMP,
    }
    arguments.update(changes)
    return calendar_invite(**arguments)


@dataclass(frozen=True)
class Parsed:
    calendar: Any  # vobject's VCALENDAR
    event: Any  # its one VEVENT
    zone: tzinfo | None  # from the file's own VTIMEZONE, if it has one

    def text(self, name: str) -> str | None:
        line = self.event.contents.get(name)
        if line is None:
            return None
        assert len(line) == 1, f"{name} given {len(line)} times"
        value = line[0].value
        assert isinstance(value, str)
        return value

    @property
    def tzid(self) -> str | None:
        """DTSTART's TZID, which vobject moves aside when it reads the value."""
        params = self.event.dtstart.params
        tzids = params.get("TZID", params.get("X-VOBJ-ORIGINAL-TZID"))
        if tzids is None:
            return None
        [tzid] = tzids
        assert isinstance(tzid, str)
        return tzid

    @property
    def wall_start(self) -> datetime:
        """DTSTART as written, without the zone vobject looked up for it."""
        value = self.event.dtstart.value
        assert isinstance(value, datetime)
        return value.replace(tzinfo=None)

    @property
    def start_utc(self) -> datetime:
        """The start instant, read with only what the file itself says of its zone."""
        line = self.event.dtstart
        tzid = self.tzid
        if tzid is None:
            assert line.value.tzinfo is not None and line.value.utcoffset() == timedelta(0)
            return self.wall_start.replace(tzinfo=UTC)
        assert self.zone is not None, "a TZID with no VTIMEZONE"
        assert self.calendar.vtimezone.tzid.value == tzid
        return self.wall_start.replace(tzinfo=self.zone).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        if "dtend" in self.event.contents:
            assert "duration" not in self.event.contents
            end = self.event.dtend.value
            assert isinstance(end, datetime)
            if end.tzinfo is None or end.utcoffset() != timedelta(0):
                end = end.replace(tzinfo=self.zone)
            return end.astimezone(UTC)
        duration = self.event.duration.value
        assert isinstance(duration, timedelta)
        return self.start_utc + duration


def parse(text: str) -> Parsed:
    calendars = list(vobject.readComponents(text, validate=True))
    assert len(calendars) == 1
    [calendar] = calendars
    assert calendar.name == "VCALENDAR"
    events = calendar.contents.get("vevent", [])
    assert len(events) == 1
    zones = calendar.contents.get("vtimezone", [])
    assert len(zones) <= 1
    zone = zones[0].gettzinfo() if zones else None
    return Parsed(calendar, events[0], zone)


def lines(text: str) -> list[str]:
    """The file's lines, as written: each must end in CRLF."""
    assert text.endswith("\r\n")
    return text.removesuffix("\r\n").split("\r\n")


def property_line(text: str, name: str) -> str:
    """A property's content line, unfolded, without its name."""
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    [line] = [line for line in unfolded.split("\r\n") if line.startswith(f"{name}:")]
    return line.removeprefix(f"{name}:")


# The calendar and the event


def test_the_invite_is_one_event_in_a_published_gregorian_calendar() -> None:
    parsed = parse(invite())
    calendar = parsed.calendar
    assert calendar.prodid.value == PRODID == "-//Facilitator//Reflection sessions//EN"
    assert calendar.version.value == "2.0"
    assert calendar.method.value == "PUBLISH"
    assert calendar.calscale.value == "GREGORIAN"
    assert parsed.text("uid") == "session-17@facilitator"
    assert parsed.text("summary") == "Reflection session"
    assert parsed.text("description") == "Bring a question."
    assert parsed.text("location") == "Room 4"
    assert parsed.text("url") is None
    assert "organizer" not in parsed.event.contents


def test_the_stamp_is_in_utc() -> None:
    text = invite(stamped_at=datetime(2028, 1, 2, 9, 4, 5, tzinfo=ZoneInfo("Asia/Kolkata")))
    assert property_line(text, "DTSTAMP") == "20280102T033405Z"
    assert parse(text).event.dtstamp.value == datetime(2028, 1, 2, 3, 34, 5, tzinfo=UTC)


def test_the_start_is_written_in_the_sessions_zone_whatever_zone_it_comes_in() -> None:
    new_york = START.astimezone(ZoneInfo("America/New_York"))
    assert new_york.hour == 9
    text = invite(starts_at=new_york)
    assert re.search(r"^DTSTART;TZID=Europe/London:20280328T140000\r$", text, re.MULTILINE)
    parsed = parse(text)
    assert parsed.wall_start == datetime(2028, 3, 28, 14, 0)
    assert parsed.start_utc == datetime(2028, 3, 28, 13, 0, tzinfo=UTC)
    assert parsed.event.dtstart.value.astimezone(UTC) == parsed.start_utc


def test_the_length_is_the_sessions() -> None:
    text = invite(minutes=90)
    parsed = parse(text)
    assert parsed.end_utc - parsed.start_utc == timedelta(minutes=90)
    # vobject reads a DURATION loosely, so check the value's form as RFC 5545 gives it.
    if "duration" in parsed.event.contents:
        duration = property_line(text, "DURATION")
        assert re.fullmatch(r"P(\d+W|(\d+D)?(T(\d+H(\d+M(\d+S)?)?|\d+M(\d+S)?|\d+S))?)", duration)
        assert duration not in ("P", "PT")


@pytest.mark.parametrize("minutes", [1, 45, 60, 24 * 60, 24 * 60 + 1])
def test_any_positive_length(minutes: int) -> None:
    parsed = parse(invite(minutes=minutes))
    assert parsed.end_utc - parsed.start_utc == timedelta(minutes=minutes)


def test_the_organiser_is_a_mailto_address() -> None:
    parsed = parse(invite(organiser_email="facilitator@example.org"))
    assert parsed.event.organizer.value == "mailto:facilitator@example.org"


# Clock changes and time zones


@pytest.mark.parametrize(
    ("wall", "instant"),
    [
        # British Summer Time in 2028 runs from 26 March to 29 October.
        (datetime(2028, 3, 24, 14, 0), datetime(2028, 3, 24, 14, 0, tzinfo=UTC)),
        (datetime(2028, 3, 28, 14, 0), datetime(2028, 3, 28, 13, 0, tzinfo=UTC)),
        (datetime(2028, 10, 27, 14, 0), datetime(2028, 10, 27, 13, 0, tzinfo=UTC)),
        (datetime(2028, 10, 31, 14, 0), datetime(2028, 10, 31, 14, 0, tzinfo=UTC)),
    ],
)
def test_a_session_either_side_of_a_clock_change_is_at_the_right_instant(
    wall: datetime, instant: datetime
) -> None:
    for given_in in (LONDON, UTC, ZoneInfo("Asia/Tokyo")):
        text = invite(starts_at=wall.replace(tzinfo=LONDON).astimezone(given_in))
        parsed = parse(text)
        assert parsed.tzid == "Europe/London"
        assert parsed.wall_start == wall
        assert parsed.start_utc == instant
        assert parsed.event.dtstart.value.astimezone(UTC) == instant
        assert parsed.end_utc == instant + timedelta(hours=1)


@pytest.mark.parametrize(
    ("time_zone", "wall", "instant"),
    [
        ("America/New_York", datetime(2028, 3, 10, 9, 0), datetime(2028, 3, 10, 14, 0)),
        ("America/New_York", datetime(2028, 3, 14, 9, 0), datetime(2028, 3, 14, 13, 0)),
        ("Australia/Sydney", datetime(2028, 3, 31, 9, 0), datetime(2028, 3, 30, 22, 0)),
        ("Australia/Sydney", datetime(2028, 4, 4, 9, 0), datetime(2028, 4, 3, 23, 0)),
        ("Asia/Kolkata", datetime(2028, 6, 1, 9, 0), datetime(2028, 6, 1, 3, 30)),
    ],
)
def test_the_vtimezone_gives_other_zones_the_right_offsets(
    time_zone: str, wall: datetime, instant: datetime
) -> None:
    zone = ZoneInfo(time_zone)
    parsed = parse(invite(starts_at=wall.replace(tzinfo=zone), time_zone=time_zone))
    assert parsed.tzid == time_zone
    assert parsed.start_utc == instant.replace(tzinfo=UTC)


def test_the_vtimezone_has_the_zones_standard_and_daylight_time() -> None:
    for starts_at in (START, datetime(2028, 10, 31, 14, 0, tzinfo=LONDON)):
        parsed = parse(invite(starts_at=starts_at))
        vtimezone = parsed.calendar.vtimezone
        assert vtimezone.tzid.value == "Europe/London"
        standard = vtimezone.contents.get("standard", [])
        daylight = vtimezone.contents.get("daylight", [])
        assert standard and daylight
        assert {(s.tzoffsetto.value, s.tzname.value) for s in standard} == {("+0000", "GMT")}
        assert {(d.tzoffsetto.value, d.tzname.value) for d in daylight} == {("+0100", "BST")}
        # Read from the file alone, both of this year's changes fall on the right days.
        assert parsed.zone is not None
        hour = timedelta(hours=1)
        assert parsed.zone.utcoffset(datetime(2028, 3, 25, 12)) == timedelta(0)
        assert parsed.zone.utcoffset(datetime(2028, 3, 26, 12)) == hour
        assert parsed.zone.utcoffset(datetime(2028, 10, 28, 12)) == hour
        assert parsed.zone.utcoffset(datetime(2028, 10, 29, 12)) == timedelta(0)


def test_the_second_of_two_equal_wall_times_is_given_in_utc() -> None:
    # On 29 October 2028 London's clocks go back at 02:00, so 01:30 comes twice.
    first = datetime(2028, 10, 29, 1, 30, tzinfo=LONDON)
    second = first.replace(fold=1)
    assert first.astimezone(UTC).hour == 0 and second.astimezone(UTC).hour == 1

    parsed = parse(invite(starts_at=first))
    assert parsed.tzid == "Europe/London"
    assert parsed.start_utc == datetime(2028, 10, 29, 0, 30, tzinfo=UTC)

    text = invite(starts_at=second)
    assert property_line(text, "DTSTART") == "20281029T013000Z"
    assert parse(text).start_utc == datetime(2028, 10, 29, 1, 30, tzinfo=UTC)


def test_a_session_in_utc_is_written_in_utc() -> None:
    text = invite(starts_at=START, time_zone="UTC")
    assert property_line(text, "DTSTART") == "20280328T130000Z"
    assert "VTIMEZONE" not in text
    assert parse(text).start_utc == datetime(2028, 3, 28, 13, 0, tzinfo=UTC)


# Places


@pytest.mark.parametrize(
    "link",
    [
        "https://meet.example.com/abc-defg-hij",
        "http://example.org/room?id=4&pw=x%20y",
        "HTTPS://zoom.example.com/j/123;a,b",
        "https://[2001:db8::1]:8443/room",
    ],
)
def test_a_link_is_the_url_and_the_location(link: str) -> None:
    parsed = parse(invite(place=link))
    assert parsed.text("url") == link
    assert parsed.text("location") == link


@pytest.mark.parametrize(
    ("place", "url"),
    [
        ("https://example.com/café", "https://example.com/caf%C3%A9"),
        ("https://example.com/100%", "https://example.com/100%25"),
        ("https://example.com/{x}|y^", "https://example.com/%7Bx%7D%7Cy%5E"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_a_link_is_percent_encoded_in_the_url_and_kept_in_the_location(
    place: str, url: str
) -> None:
    parsed = parse(invite(place=place))
    assert parsed.text("url") == url
    assert parsed.text("location") == place


@pytest.mark.parametrize(
    "place",
    [
        "Room 4, Main Building; 2nd floor",
        "www.example.com/room",
        "ftp://example.com/file",
        "mailto:someone@example.com",
        "https://",
        "https:///path-only",
        "https://example.com/a b",
        "See https://example.com/room",
        "https://example.com/a\nRoom 4",
        "",
    ],
)
def test_a_place_that_is_not_a_link_is_only_the_location(place: str) -> None:
    parsed = parse(invite(place=place))
    assert parsed.text("url") is None
    assert parsed.text("location") == place


# Text


def test_text_is_escaped_and_read_back_as_it_was() -> None:
    description = (
        "Before we meet: read chapter 3, pages 10\u201312; then\n"
        "think of one decision.\nNaïve façades, 東京, emoji 🙂\n"
        "A path C:\\New\\notes and a literal \\n, \\; and \\, too.\tTabbed."
    )
    title = "Reflection, week 3; «together»"
    text = invite(title=title, description=description)
    raw = property_line(text, "DESCRIPTION")
    assert "chapter 3\\, pages 10\u201312\\; then\\nthink" in raw
    assert "C:\\\\New\\\\notes" in raw
    parsed = parse(text)
    assert parsed.text("description") == description
    assert parsed.text("summary") == title


def test_line_breaks_of_any_kind_become_newlines() -> None:
    parsed = parse(invite(description="one\r\ntwo\rthree\nfour"))
    assert parsed.text("description") == "one\ntwo\nthree\nfour"


def test_control_characters_are_left_out() -> None:
    text = invite(title="a\x00b\x07c\x1bd\x7fe\x0bf\x0cg", uid="x\x01y@facilitator")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    parsed = parse(text)
    assert parsed.text("summary") == "abcdefg"
    assert parsed.text("uid") == "xy@facilitator"


def test_lines_end_in_crlf_and_are_folded_at_75_octets() -> None:
    long = "Ünïcödé 🙂 東京, " * 40
    text = invite(
        title=long, description=long + "\n" + "x" * 300, place="https://example.com/" + "a" * 200
    )
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    for line in lines(text):
        assert len(line.encode("utf-8")) <= 75, line
    parsed = parse(text)
    assert parsed.text("summary") == long
    assert parsed.text("url") == "https://example.com/" + "a" * 200


# Bad arguments


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_at": datetime(2028, 3, 28, 14, 0)},
        {"stamped_at": datetime(2028, 1, 1)},
        {"minutes": 0},
        {"minutes": -30},
        {"time_zone": "Mars/Olympus_Mons"},
        {"time_zone": "../etc/passwd"},
        {"time_zone": ""},
        {"uid": " "},
        {"organiser_email": "not an email"},
        {"organiser_email": "a@b\r\nX-EVIL:1"},
    ],
)
def test_bad_arguments_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        invite(**changes)


# Any text round-trips

text_characters = st.one_of(
    # A byte-order mark is dropped on purpose (see invites._CONTROL), so it is left out here.
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufeff"),
    st.sampled_from([",", ";", "\n", "\r\n", "\\", "\\N", "\\n", "\\,", ":", '"', " ", "\t"]),
)
texts = st.lists(text_characters, max_size=120).map("".join)
links = st.builds(
    lambda host, path: f"https://{host}.example.com/{path}",
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Z"), exclude_characters="%")
    ),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texts, place=st.one_of(texts, links), description=texts)
def test_any_text_is_read_back_as_it_was(title: str, place: str, description: str) -> None:
    text = invite(title=title, place=place, description=description)
    for line in lines(text):
        assert len(line.encode("utf-8")) <= 75
        assert "\r" not in line and "\n" not in line
    parsed = parse(text)

    def newlines(value: str) -> str:
        return value.replace("\r\n", "\n").replace("\r", "\n")

    assert parsed.text("summary") == newlines(title)
    assert parsed.text("description") == newlines(description)
    assert parsed.text("location") == newlines(place)
    is_link = place.startswith("https://") and all(
        char.isprintable() and not char.isspace() for char in place
    )
    url = parsed.text("url")
    if is_link:
        assert url is not None and unquote(url) == place
    else:
        assert url is None
    assert parsed.start_utc == datetime(2028, 3, 28, 13, 0, tzinfo=UTC)
