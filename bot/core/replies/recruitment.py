"""What people see about signing up, seats and waitlists, champions and roles."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.commands import EnrolLeader, PlaceLeader
from bot.core.join_form import JOIN
from bot.core.messages import (
    Actions,
    Block,
    Button,
    Context,
    Fields,
    Heading,
    Message,
    Paragraph,
    plain,
)
from bot.core.model import PACES, Cohort, Curriculum, Organisation, Role, seniority_from
from bot.core.platforms import CommandNames
from bot.core.recruitment import FunnelRow, Seats, SeatTotals, seat_totals
from bot.core.requests import Mention
from bot.core.wording import duration, plural

# A coordinator's confirmation to go over an organisation's seats; the value is the
# command the coordinator typed, as `over_seats_value` writes it.
ADD_OVER_SEATS = "cohort_add_over_seats"
PLACE_OVER_SEATS = "cohort_place_over_seats"


def no_free_seat_message(
    name: str, place: Seats, command: EnrolLeader | PlaceLeader, names: CommandNames
) -> Message:
    """The organisation is full: say so, and offer to go over its seats."""
    adding = isinstance(command, EnrolLeader)
    label, what = (
        ("Add anyway", f"add {name}") if adding else ("Give a seat anyway", f"give {name} a seat")
    )
    text = (
        f"{place.organisation.name} has no free seat: {seats_taken(place)}. To {what} anyway, "
        f"over its seats, press {label}. To keep to the seats, free one first with "
        f"{names.cohort} withdraw."
    )
    action = ADD_OVER_SEATS if adding else PLACE_OVER_SEATS
    button = Button(label, action, over_seats_value(command), "primary")
    return Message(text, (Paragraph(text), Actions((button,))))


def over_seats_value(command: EnrolLeader | PlaceLeader) -> str:
    fields: dict[str, object] = {"who": command.who.handle, "org": command.organisation_id}
    if isinstance(command, EnrolLeader):
        fields |= {"seniority": command.seniority.value, "pace": command.pace}
    return json.dumps(fields, separators=(",", ":"))


def over_seats_command(action: str, value: str) -> EnrolLeader | PlaceLeader | None:
    """The command an over-the-seats button carries; None if the value is not one."""
    try:
        fields = json.loads(value)
        who, org = Mention(user_id=str(fields["who"])), str(fields["org"])
        if action == PLACE_OVER_SEATS:
            return PlaceLeader(who, org)
        seniority, pace = seniority_from(str(fields["seniority"])), fields["pace"]
    except (ValueError, TypeError, KeyError):
        return None
    if seniority is None or not (pace is None or pace in PACES):
        return None
    return EnrolLeader(who, org, seniority, pace)


def out_of_date_button_message() -> Message:
    return plain("That button is out of date. Type the command again.")


def seats_taken(place: Seats | SeatTotals) -> str:
    """Seats taken, and any leaders a coordinator placed over them: "2 of 2 seats taken,
    1 leader over". Every message about seats says it this way."""
    taken = f"{place.taken} of {plural(place.seats, 'seat')} taken"
    return taken + (f", {plural(place.over, 'leader')} over" if place.over else "")


def signup_post(cohort: Cohort, curriculum: Curriculum, totals: SeatTotals) -> Message:
    """The sign-up message a coordinator posts in a channel, with the Join button."""
    weekly = duration(round(curriculum.total_minutes / 6))
    text = (
        f"{cohort.name} is recruiting: {curriculum.title}, "
        f"{duration(curriculum.total_minutes)} of short modules over 3 or 6 weeks "
        f"(about {weekly} a week at the gentler pace), with questions answered by "
        "moderators and reflection sessions with the other leaders."
    )
    room = (
        f"{plural(totals.free, 'seat')} of {totals.seats} still free."
        if totals.free
        else f"All {totals.seats} seats are taken; joining puts you on your organisation's "
        "waitlist."
    )
    return Message(
        f"{text} {room} Press Join the cohort to sign up.",
        (
            Heading(f"Join {cohort.name}"),
            Paragraph(text),
            Context(room),
            Actions((Button("Join the cohort", JOIN, str(cohort.id or ""), "primary"),)),
        ),
    )


def recruit_posted(channel: str) -> Message:
    return plain(
        f"The sign-up message is on its way to {channel}. If it does not appear, add me "
        "to that channel first and try again."
    )


def seated_message(organisation: Organisation, welcome: Message) -> Message:
    """A leader has a seat: the welcome, with a line saying so first."""
    lead = f"You have a seat for {organisation.name}."
    return Message(f"{lead} {welcome.text}", (Paragraph(lead), *welcome.blocks))


def promoted_message(organisation: Organisation, welcome: Message, by_coordinator: bool) -> Message:
    """A waiting leader has been given a seat."""
    lead = (
        f"Good news: a coordinator has given you a seat for {organisation.name}."
        if by_coordinator
        else f"Good news: a seat came free for {organisation.name}, so it is yours."
    )
    return Message(f"{lead} {welcome.text}", (Paragraph(lead), *welcome.blocks))


def waitlisted_message(cohort: Cohort, organisation: Organisation, position: int) -> Message:
    if organisation.seats == 0:
        full = f"{organisation.name} has no seats in this cohort yet"
    elif organisation.seats == 1:
        full = f"{organisation.name}'s one seat is taken"
    else:
        full = f"{organisation.name}'s {organisation.seats} seats are taken"
    text = (
        f"Thank you for signing up to {cohort.name}. {full}, so you are on its waitlist: "
        f"number {position}. When a seat comes free, the first on the waitlist gets it "
        "and I will tell you at once."
    )
    return plain(text)


def still_waiting_message(organisation: Organisation, position: int) -> Message:
    return plain(
        f"You are already on {organisation.name}'s waitlist: number {position}. "
        "I will tell you as soon as a seat comes free."
    )


def waiting_message(organisation: Organisation, position: int) -> Message:
    return plain(
        f"You are on {organisation.name}'s waitlist: number {position}. Your course starts "
        "when a seat comes free, and I will tell you at once."
    )


def already_enrolled_message(cohort: Cohort, names: CommandNames) -> Message:
    return plain(
        f"You are already enrolled on {cohort.name}. See where you are with {names.progress}."
    )


def no_cohort_message() -> Message:
    return plain("There is no cohort to join at the moment. Ask the programme team.")


def unknown_organisation_message(organisation_id: str, known: Sequence[Organisation]) -> Message:
    listed = ", ".join(o.id for o in known)
    return plain(
        f"There is no organisation “{organisation_id}” in this cohort. Use one of: {listed}."
    )


def not_found_message() -> Message:
    return plain("I could not find that person. Type @ and pick them from the list.")


def withdrawn_note(cohort: Cohort) -> Message:
    return plain(
        f"A coordinator has withdrawn you from {cohort.name}, so I will send you no more "
        "course messages. If this is a mistake, ask them."
    )


def moved_note(organisation: Organisation) -> Message:
    return plain(f"A coordinator has moved your place in the cohort to {organisation.name}.")


def champion_note(cohort: Cohort, organisation: Organisation, names: CommandNames) -> Message:
    return plain(
        f"You are {organisation.name}'s champion for {cohort.name}. See who from "
        f"{organisation.name} has signed up, and how they are getting on, with "
        f"{names.cohort} recruitment."
    )


def seats_line(place: Seats) -> str:
    return f"{place.organisation.name} now has {seats_taken(place)}."


def promoted_line(names: Sequence[str], organisation: Organisation) -> str:
    if not names:
        return ""
    who = " and ".join(names)
    return f" {who} had the next place on {organisation.name}'s waitlist and now has a seat."


ROLE_NAMES = {Role.COORDINATOR: "coordinator", Role.MODERATOR: "moderator"}


def refused_message(role: Role) -> Message:
    """The answer to someone who pressed a button meant for another role."""
    return plain(f"Only the cohort's {ROLE_NAMES.get(role, role.value)}s can do that.")


@dataclass(frozen=True)
class SignUp:
    """One person who signed up, as a champion or coordinator sees them."""

    name: str
    job_title: str | None
    seniority: str | None
    status: str  # "enrolled", "waitlist 2 for Camden Council", "withdrawn"
    done: int


def recruitment_message(
    cohort: Cohort,
    rows: Sequence[FunnelRow],
    sign_ups: Sequence[SignUp],
    modules: int,
    champion_of: Sequence[Organisation] = (),
) -> Message:
    """The funnel per organisation against its seats, then who signed up or waits."""
    totals = seat_totals(r.place for r in rows)
    waiting = sum(r.waitlisted for r in rows)
    invited = sum(r.invited for r in rows)
    scope = (
        f"{' and '.join(o.name for o in champion_of)} in {cohort.name}"
        if champion_of
        else cohort.name
    )
    summary = f"{seats_taken(totals)}, {waiting} waiting, {invited} invited by email."
    lines = [
        f"{r.organisation.name} ({plural(r.place.seats, 'seat')}): invited {r.invited}, "
        f"joined {r.joined}, waitlisted {r.waitlisted}, started {r.started}, "
        f"finished {r.finished}" + _fullness(r.place)
        for r in rows
    ]
    blocks: list[Block] = [
        Heading(f"Recruitment: {scope}"),
        Fields(
            (
                ("Seats taken", f"{totals.taken} of {totals.seats}"),
                ("Waitlisted", str(waiting)),
                ("Invited by email", str(invited)),
                ("Started", str(sum(r.started for r in rows))),
                ("Finished", str(sum(r.finished for r in rows))),
            )
        ),
        Heading("By organisation"),
        Paragraph("\n".join(lines) or "No organisations."),
    ]
    waits = [s for s in sign_ups if s.status.startswith("waitlist")]
    if champion_of:
        blocks += [Heading("Sign-ups"), Paragraph(_sign_up_lines(sign_ups, modules))]
    elif waits:
        blocks += [Heading("Waitlists"), Paragraph(_sign_up_lines(waits, modules))]
    blocks.append(
        Context(
            "Started: at least one module done. Finished: every module done. "
            "Invited: imported by email, whether or not they were found in the workspace."
        )
    )
    return Message(f"Recruitment for {scope}: {summary}", tuple(blocks))


def _fullness(place: Seats) -> str:
    if place.over:
        return f" (full, {plural(place.over, 'leader')} over)"
    return " (full)" if not place.free else ""


def _sign_up_lines(sign_ups: Sequence[SignUp], modules: int) -> str:
    if not sign_ups:
        return "Nobody yet."
    lines = []
    for s in sign_ups:
        about = ", ".join(x for x in (s.job_title, s.seniority) if x)
        progress = f", {s.done} of {modules} modules done" if s.status == "enrolled" else ""
        lines.append(f"{s.name}" + (f" ({about})" if about else "") + f": {s.status}{progress}")
    return "\n".join(lines)
