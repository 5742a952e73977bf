"""Seats and waitlists, the funnel, the join form's checks, the participants file and the
recruitment commands: pure functions, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.commands import (
    HERE,
    ChangeRole,
    CommandError,
    EnrolLeader,
    Mention,
    NameChampion,
    PlaceLeader,
    PostSignUp,
    ShowRecruitment,
    WithdrawLeader,
)
from bot.core.join_form import (
    AGREED,
    CONSENT,
    JOB_TITLE,
    ORGANISATION,
    PACE,
    SENIORITY,
    JoinAnswers,
    SeatsLeft,
    join_form,
    read_join,
)
from bot.core.messages import Item, Select
from bot.core.model import (
    Cohort,
    Curriculum,
    Enrolment,
    EnrolmentStatus,
    Invitation,
    Member,
    Module,
    Organisation,
    Person,
    PrivacyNotice,
    Role,
    Seniority,
    seniority_from,
)
from bot.core.participants_csv import ParticipantsFileError, decode, read_participants
from bot.core.recruitment import (
    Placement,
    SeatTotals,
    funnel,
    pace_from,
    place,
    position_in,
    seat_totals,
    seats_of,
    to_promote,
    waitlist_order,
)
from bot.core.replies.recruitment import (
    ADD_OVER_SEATS,
    PLACE_OVER_SEATS,
    over_seats_command,
    over_seats_value,
    seats_taken,
)
from tests.unit.typed import SLASH, parse_typed

T0 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
CAMDEN = Organisation("camden", "Camden Council", 2)
HACKNEY = Organisation("hackney", "Hackney Council", 1)


def waiting(n: int, minutes: int = 0) -> Enrolment:
    return Enrolment(
        1,
        n,
        Role.LEADER,
        status=EnrolmentStatus.WAITLISTED,
        waitlisted_at=T0 + timedelta(minutes=minutes),
        id=n,
    )


# Seats and the waitlist.


def test_a_free_seat_goes_to_the_newcomer() -> None:
    assert place(seats=2, taken=1, waiting=0) == Placement(seated=True)


def test_a_full_organisation_puts_the_newcomer_at_the_end_of_its_waitlist() -> None:
    assert place(seats=2, taken=2, waiting=0) == Placement(seated=False, position=1)
    assert place(seats=2, taken=2, waiting=3) == Placement(seated=False, position=4)


def test_nobody_jumps_the_queue_even_when_a_seat_is_free() -> None:
    assert place(seats=2, taken=1, waiting=1) == Placement(seated=False, position=2)


def test_an_organisation_without_seats_waitlists_everyone() -> None:
    assert place(seats=0, taken=0, waiting=0) == Placement(seated=False, position=1)


def test_the_waitlist_is_first_come_first_served_with_ties_by_id() -> None:
    late, early, tied = waiting(1, 30), waiting(2, 0), waiting(3, 0)
    seated = Enrolment(1, 4, Role.LEADER, id=4)
    assert [e.id for e in waitlist_order([late, early, seated, tied])] == [2, 3, 1]
    assert position_in([late, early, tied], 1) == 3
    assert position_in([late, early, tied], 4) is None


def test_a_freed_seat_goes_to_the_first_waiting() -> None:
    queue = [waiting(1, 5), waiting(2, 1), waiting(3, 9)]
    assert [e.id for e in to_promote(seats=2, taken=1, waiting=queue)] == [2]
    assert [e.id for e in to_promote(seats=4, taken=1, waiting=queue)] == [2, 1, 3]


def test_nobody_is_promoted_into_an_over_filled_organisation() -> None:
    assert to_promote(seats=2, taken=3, waiting=[waiting(1)]) == []


@given(
    seats=st.integers(0, 5),
    steps=st.lists(st.sampled_from(["join", "withdraw-seated", "withdraw-waiting"]), max_size=40),
)
def test_seats_are_never_over_filled_and_the_queue_only_moves_forward(
    seats: int, steps: list[str]
) -> None:
    """Replay sign-ups and withdrawals with the rules: seats never exceed the count, a free
    seat never sits beside a waiting person, and the queue keeps its order."""
    seated: list[int] = []
    queue: list[Enrolment] = []
    for n, step in enumerate(steps):
        if step == "join":
            placement = place(seats, len(seated), len(queue))
            if placement.seated:
                seated.append(n)
            else:
                assert placement.position == len(queue) + 1
                queue.append(waiting(n, n))
        elif step == "withdraw-seated" and seated:
            seated.pop(0)
        elif step == "withdraw-waiting" and queue:
            queue.pop(len(queue) // 2)
        before = [e.id for e in waitlist_order(queue)]
        promoted = to_promote(seats, len(seated), queue)
        assert [e.id for e in promoted] == before[: len(promoted)]
        seated += [e.id or 0 for e in promoted]
        queue = [e for e in queue if e not in promoted]
        assert len(seated) <= seats
        assert not queue or len(seated) == seats


# The funnel.


def member(n: int, org: str, status: EnrolmentStatus = EnrolmentStatus.ACTIVE) -> Member:
    person = Person("slack", f"U{n}", f"Leader {n}", organisation_id=org, id=n)
    return Member(person, Enrolment(1, n, Role.LEADER, status=status, id=100 + n))


def invited(email: str, org: str) -> Invitation:
    return Invitation(1, email, org, "enrolled", T0)


def test_the_funnel_counts_each_stage_per_organisation_against_its_seats() -> None:
    leaders = [
        member(1, "camden"),
        member(2, "camden"),
        member(3, "camden", EnrolmentStatus.WAITLISTED),
        member(4, "camden", EnrolmentStatus.WITHDRAWN),
        member(5, "hackney"),
    ]
    invitations = [
        invited("a@x.org", "camden"),
        invited("A@X.org", "camden"),
        invited("b@x.org", "hackney"),
    ]
    done = {101: 32, 102: 1, 104: 5}
    rows = funnel([CAMDEN, HACKNEY], leaders, invitations, done, modules=32)
    assert [
        (r.organisation, r.invited, r.joined, r.waitlisted, r.started, r.finished) for r in rows
    ] == [(CAMDEN, 1, 2, 1, 2, 1), (HACKNEY, 1, 1, 0, 0, 0)]
    camden = rows[0].place
    assert (camden.seats, camden.taken, camden.over, camden.free) == (2, 2, 0, 0)
    assert [m.person.id for m in camden.waiting] == [3]


def test_seats_never_count_more_taken_than_there_are_and_count_the_rest_as_over() -> None:
    leaders = [member(n, "camden") for n in (1, 2, 3)] + [member(4, "hackney")]
    leaders.append(member(5, "hackney", EnrolmentStatus.WITHDRAWN))
    seats = seats_of([CAMDEN, HACKNEY, Organisation("brent", "Brent", 3)], leaders)
    assert [(s.taken, s.over, s.free) for s in seats.values()] == [(2, 1, 0), (1, 0, 0), (0, 0, 3)]
    assert seat_totals(seats.values()) == SeatTotals(seats=6, taken=3, over=1, free=3)
    assert seats_taken(seats["camden"]) == "2 of 2 seats taken, 1 leader over"
    assert seats_taken(seats["hackney"]) == "1 of 1 seat taken"


def test_a_confirmation_button_carries_the_command_and_refuses_anything_else() -> None:
    add = EnrolLeader(Mention(user_id="U1"), "camden", Seniority.HEAD_OF_SERVICE, 3)
    assert over_seats_command(ADD_OVER_SEATS, over_seats_value(add)) == add
    seat = PlaceLeader(Mention(user_id="U1"), "camden")
    assert over_seats_command(PLACE_OVER_SEATS, over_seats_value(seat)) == seat
    for crafted in (
        "",
        "[1]",
        '{"who":"U1"}',
        '{"who":"U1","org":"c","seniority":"boss","pace":null}',
        '{"who":"U1","org":"c","seniority":"other","pace":4}',
    ):
        assert over_seats_command(ADD_OVER_SEATS, crafted) is None


# Reading what people type.


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("director", Seniority.DIRECTOR),
        ("Assistant Director", Seniority.ASSISTANT_DIRECTOR),
        ("AD", Seniority.ASSISTANT_DIRECTOR),
        ("chief_executive", Seniority.CHIEF_EXECUTIVE),
        (" Head of  Service ", Seniority.HEAD_OF_SERVICE),
        ("boss", None),
    ],
)
def test_seniority_is_read_from_values_labels_and_abbreviations(
    text: str, wanted: Seniority | None
) -> None:
    assert seniority_from(text) is wanted


def test_pace_is_three_or_six_weeks_or_left_out() -> None:
    assert pace_from("6") == 6
    assert pace_from("3 weeks") == 3
    assert pace_from("") is None
    assert pace_from("4") == "pace must be 3 or 6 (weeks)"


# The join form.


CURRICULUM = Curriculum("Data for leaders", (Module("m1", "One", 360, "https://x.org/1", "U"),))
COHORT = Cohort(
    "c",
    "Cohort 1",
    date(2027, 1, 11),
    6,
    "Europe/London",
    id=7,
    privacy_notice=PrivacyNotice("We keep your details.", "https://example.org/privacy"),
)


def test_the_join_form_lists_each_organisation_with_its_seats_and_links_the_notice() -> None:
    left = {"camden": SeatsLeft(1, 0), "hackney": SeatsLeft(0, 2)}
    form = join_form(COHORT, CURRICULUM, [CAMDEN, HACKNEY], left)
    assert form.state == "7"
    select = next(i for i in form.inputs if isinstance(i, Select))
    assert [c.label for c in select.options] == [
        "Camden Council (1 seat free)",
        "Hackney Council (full, 2 people waiting)",
    ]
    assert Item("Read the privacy notice", url="https://example.org/privacy") in form.blocks
    assert {i.id for i in form.inputs} == {ORGANISATION, JOB_TITLE, SENIORITY, PACE, CONSENT}


def test_the_join_form_preselects_what_is_known_of_the_person() -> None:
    known = Person("slack", "U1", "Ada", organisation_id="hackney", seniority=Seniority.DIRECTOR)
    form = join_form(COHORT, CURRICULUM, [CAMDEN, HACKNEY], {}, known)
    chosen = {i.id: getattr(i, "chosen", None) for i in form.inputs}
    assert chosen[ORGANISATION] == "hackney" and chosen[SENIORITY] == "director"
    assert chosen[PACE] == "6"


GOOD = {
    ORGANISATION: ("camden",),
    JOB_TITLE: ("  Director of   Data ",),
    SENIORITY: ("director",),
    PACE: ("3",),
    CONSENT: (AGREED,),
}


def test_a_complete_join_form_is_read() -> None:
    assert read_join(GOOD) == JoinAnswers("camden", "Director of Data", Seniority.DIRECTOR, 3)


def test_joining_needs_consent_and_every_answer_each_named_against_its_field() -> None:
    assert read_join({**GOOD, CONSENT: ()}) == {
        CONSENT: "Tick the box to agree to the privacy notice, or you cannot join."
    }
    problems = read_join({PACE: ("4",), JOB_TITLE: ("x" * 151,)})
    assert set(problems) == {ORGANISATION, JOB_TITLE, SENIORITY, PACE, CONSENT}


# The participants file.


def test_the_participants_file_reports_bad_rows_by_line_and_keeps_the_rest() -> None:
    text = (
        "\ufeffEmail,Org,Seniority,Pace\n"
        "gina@example.org,islington,director,3\n"
        "\n"
        "not-an-email,camden,director,\n"
        "harry@example.org,Camden Council,AD,\n"
        "iqbal@example.org,camden,boss,6\n"
        "GINA@example.org,camden,director,\n"
        "jo@example.org,camden,other,4\n"
        "kim@example.org,,director,\n"
    )
    rows, problems = read_participants(text)
    assert [(r.line, r.email, r.organisation, r.seniority, r.pace) for r in rows] == [
        (2, "gina@example.org", "islington", Seniority.DIRECTOR, 3),
        (5, "harry@example.org", "Camden Council", Seniority.ASSISTANT_DIRECTOR, None),
    ]
    assert [(p.line, p.problem) for p in problems] == [
        (4, "the email is not an email address (not-an-email)"),
        (
            6,
            "the seniority is not one of: chief-executive, director, assistant-director, "
            "head-of-service, other",
        ),
        (7, "gina@example.org is on line 2 already"),
        (8, "pace must be 3 or 6 (weeks)"),
        (9, "the organisation is missing"),
    ]


def test_a_participants_file_without_the_columns_is_refused_as_a_whole() -> None:
    with pytest.raises(ParticipantsFileError, match="missing: seniority"):
        read_participants("email,organisation\na@b.org,camden\n")


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_participants_file_separated_by_semicolons_or_tabs_is_read(separator: str) -> None:
    text = separator.join(["Email", "Organisation", "Seniority"]) + "\n"
    text += separator.join(["gina@example.org", "Camden, London", "director"]) + "\n"
    rows, problems = read_participants(text)
    assert [(r.email, r.organisation) for r in rows] == [("gina@example.org", "Camden, London")]
    assert problems == []


def test_a_participants_file_is_read_in_the_encoding_spreadsheets_save() -> None:
    text = "email,name\na@b.org,Zoë Ñúñez\n"
    assert decode(text.encode("utf-8-sig")) == (text, None)
    assert decode(text.encode("utf-16")) == (text, None)
    assert decode(text.encode("cp1252")) == (text, "Windows-1252 (Western European)")
    assert decode(b"\x81") == ("\x81", "Latin-1 (Western European)")


# The commands.

NAMES = SLASH


def cohort(text: str) -> object:
    return parse_typed("cohort", text)


def test_the_recruitment_commands_are_understood() -> None:
    assert cohort("recruitment") == ShowRecruitment()
    assert cohort("recruit <#C0RECRUIT1|recruiting>") == PostSignUp("C0RECRUIT1")
    assert cohort("recruit #C0COHORT01") == PostSignUp("C0COHORT01")
    amira = Mention(user_id="U0AMIRA001", name="amira")
    assert cohort("champion <@U0AMIRA001|amira> org=Camden") == NameChampion(amira, "camden")
    assert cohort("enrol <@U0AMIRA001|amira> org=hackney") == PlaceLeader(amira, "hackney")
    assert cohort("withdraw @amira") == WithdrawLeader(Mention(name="amira"))
    assert cohort("role add <@U0AMIRA001|amira> moderator") == ChangeRole(
        amira, Role.MODERATOR, True
    )
    assert cohort("role remove @amira Coordinator") == ChangeRole(
        Mention(name="amira"), Role.COORDINATOR, False
    )


def test_recruit_without_a_channel_means_the_channel_it_was_typed_in() -> None:
    assert cohort("recruit") == PostSignUp(HERE)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("recruit general", "Name the channel to post in, with #, or type this in that channel."),
        ("champion @amira", "Give the person as an @mention, then org= and the id."),
        ("enrol amira org=camden", "Give the person as an @mention, then org= and the id."),
        ("withdraw", "Name one person, as an @mention."),
        ("role add @amira", "Say add or remove, the person and the role."),
        ("role add @amira leader", "The role is coordinator or moderator."),
        ("recruitment now", "/cohort recruitment takes nothing after it."),
    ],
)
def test_a_malformed_recruitment_command_is_explained(text: str, problem: str) -> None:
    parsed = cohort(text)
    assert isinstance(parsed, CommandError)
    assert parsed.problem == problem
