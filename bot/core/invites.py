"""Calendar invitations (.ics files) for reflection sessions.

One VEVENT in a VCALENDAR. The first file is published as it is (METHOD:PUBLISH): the
leader adds it to their own calendar, nobody is asked to reply. A change to the session
is sent as METHOD:REQUEST and a cancellation as METHOD:CANCEL with STATUS:CANCELLED, each
with the same UID and a higher SEQUENCE, so a calendar updates or removes the event it
already holds instead of adding another (RFC 5545 3.8.7.4, RFC 5546 3.2). The start is
written as wall time in the
session's time zone, with a VTIMEZONE giving that zone's offsets, standard and daylight
time both, for about a year either side of the session, so a calendar that does not know
the zone's name still puts the session at the right instant.

icalendar folds lines at 75 octets and ends each with CRLF. Text is escaped here rather
than by icalendar, which reads a backslash followed by N in the text as a line break.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone, vCalAddress, vText, vUri

PRODID = "-//Facilitator//Reflection sessions//EN"


class CalendarMethod(StrEnum):
    """What a file does to the event in the leader's calendar (RFC 5546 3.2)."""

    PUBLISH = "PUBLISH"  # add it: the first invitation
    REQUEST = "REQUEST"  # update it: a later change
    CANCEL = "CANCEL"  # remove it: the session is cancelled


# The VTIMEZONE covers this long either side of the session: enough for both kinds of
# rule to show in a zone with daylight time, and for a session moved by some weeks.
_ZONE_RULES_SPAN = timedelta(days=400)

# RFC 5545 TEXT may hold no control characters but a tab; line breaks are escaped.
_LINE_BREAK = re.compile(r"\r\n?")
# A byte-order mark inside text is invisible, and parsers drop it where a line begins.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff]")
# Characters a URI may hold as they are (RFC 3986 reserved and unreserved, and the % of
# an escape); anything else in a link is percent-encoded.
_URI_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_EMAIL = re.compile(r"[^\s@:;,\"<>()\[\]\\]+@[^\s@:;,\"<>()\[\]\\]+")


class _Text(vText):
    """A TEXT value escaped as RFC 5545 says, whatever the text holds."""

    __slots__ = ()

    def to_ical(self) -> bytes:
        text = _CONTROL.sub("", _LINE_BREAK.sub("\n", str(self)))
        escaped = (
            text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        )
        return escaped.encode("utf-8")


def calendar_invite(
    uid: str,
    title: str,
    starts_at: datetime,
    minutes: int,
    time_zone: str,
    place: str,
    description: str,
    organiser_email: str | None = None,
    *,
    stamped_at: datetime,
    sequence: int = 0,
    method: CalendarMethod = CalendarMethod.PUBLISH,
) -> str:
    """The text of an .ics file for one session, each line ending in CRLF.

    `sequence` counts the changes sent for this `uid` so far; `method` says whether the
    file adds, updates or cancels the event (a cancellation also says STATUS:CANCELLED).

    `starts_at` must be timezone-aware, in any zone; it is written as wall time in
    `time_zone` (an IANA name such as "Europe/London"), or in UTC when that zone is UTC
    or the wall time comes twice and this is the second. A `place` that is an http(s)
    link goes in URL as well as LOCATION. Control characters other than tabs and line
    breaks are left out of text. `stamped_at` is the DTSTAMP: the caller's clock's now.

    Raises ValueError for a naive start or stamp, a length that is not positive, an
    unknown zone, an empty uid, a negative sequence or an organiser address that is not one.
    """
    if sequence < 0:
        raise ValueError(f"a sequence counts changes from 0, not {sequence}")
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise ValueError("a session's start must be timezone-aware")
    if minutes <= 0:
        raise ValueError(f"a session lasts a positive number of minutes, not {minutes}")
    if not uid.strip():
        raise ValueError("an invite needs a uid")
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {time_zone!r}") from error
    if organiser_email is not None and not _EMAIL.fullmatch(organiser_email):
        raise ValueError(f"not an email address: {organiser_email!r}")
    if stamped_at.tzinfo is None or stamped_at.utcoffset() is None:
        raise ValueError("the stamp must be timezone-aware")

    local_start = starts_at.astimezone(zone)
    if local_start.fold and local_start.replace(fold=0).utcoffset() != local_start.utcoffset():
        # The second of two equal wall times, when the clocks go back; a TZID wall time
        # would mean the first (RFC 5545 3.3.5), so give the instant in UTC.
        local_start = local_start.astimezone(UTC)

    event = Event()
    event.add("uid", _Text(uid))
    event.add("sequence", sequence)
    event.add("dtstamp", stamped_at.astimezone(UTC))
    event.add("dtstart", local_start)
    event.add("duration", timedelta(minutes=minutes))
    event.add("summary", _Text(title))
    event.add("description", _Text(description))
    event.add("location", _Text(place))
    link = _link(place)
    if link is not None:
        event.add("url", vUri(link))
    if organiser_email is not None:
        event.add("organizer", vCalAddress("mailto:" + _uri(organiser_email)))
    if method is CalendarMethod.CANCEL:
        event.add("status", "CANCELLED")

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    tzid: str | None = event["DTSTART"].params.get("TZID")
    if tzid is not None:  # none when the start is written in UTC, ending in Z
        day = local_start.date()
        calendar.add_component(
            Timezone.from_tzinfo(
                zone,
                tzid=tzid,
                first_date=day - _ZONE_RULES_SPAN,
                last_date=day + _ZONE_RULES_SPAN,
            )
        )
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")


def _link(place: str) -> str | None:
    """The place as a URI if it is an http(s) link, else None."""
    place = place.strip()
    if not place or any(char.isspace() or not char.isprintable() for char in place):
        return None
    try:
        parts = urlsplit(place)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return _uri(place)


def _uri(text: str) -> str:
    return quote(_STRAY_PERCENT.sub("%25", text), safe=_URI_SAFE)
