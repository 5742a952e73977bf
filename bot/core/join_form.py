"""The form a leader fills in to join a cohort, and the checks on what they gave."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.messages import (
    Answers,
    Block,
    Checkboxes,
    Choice,
    Context,
    Form,
    Input,
    Item,
    Paragraph,
    RadioButtons,
    Select,
    TextInput,
)
from bot.core.model import PACES, Cohort, Curriculum, Organisation, Person, Seniority
from bot.core.wording import CHOICE_LENGTH, clip, duration, plural

JOIN = "join_cohort"  # the sign-up message's button; a platform may open the form by it too
JOIN_FORM = "join_form"
ORGANISATION, JOB_TITLE, SENIORITY, PACE, CONSENT = (
    "organisation",
    "job_title",
    "seniority",
    "pace",
    "consent",
)
AGREED = "agreed"
MAX_JOB_TITLE = 150
DEFAULT_NOTICE = (
    "The programme team keeps your name, organisation, job title, seniority, pace and "
    "progress to run this cohort and to learn how to run the next one."
)


@dataclass(frozen=True)
class SeatsLeft:
    """An organisation's seats as a newcomer would find them."""

    free: int
    waiting: int


@dataclass(frozen=True)
class JoinAnswers:
    organisation_id: str
    job_title: str
    seniority: Seniority
    pace: int


def join_form(
    cohort: Cohort,
    curriculum: Curriculum,
    organisations: Sequence[Organisation],
    seats: Mapping[str, SeatsLeft],
    known: Person | None = None,
) -> Form:
    """Organisation, job title, seniority, pace and consent to the privacy notice; what we
    know of the person already is chosen for them."""
    orgs = tuple(
        Choice(
            o.id,
            clip(f"{o.name} ({_seats_label(seats.get(o.id, SeatsLeft(0, 0)))})", CHOICE_LENGTH),
        )
        for o in organisations
    )
    paces = tuple(
        Choice(str(p), f"{p} weeks: about {duration(round(curriculum.total_minutes / p))} a week")
        for p in PACES
    )
    notice = cohort.privacy_notice
    about: list[Block | Input] = [Paragraph(notice.text if notice else DEFAULT_NOTICE)]
    if notice and notice.link:
        about.append(Item("Read the privacy notice", url=notice.link))
    return Form(
        title="Join the cohort",
        callback=JOIN_FORM,
        submit="Join",
        blocks=(
            Paragraph(
                f"Join {cohort.name}: {curriculum.title}, in short modules at your own pace. "
                "Each organisation has a few seats; when they are taken you join its "
                "waitlist and get the next seat that comes free."
            ),
            Select(
                ORGANISATION,
                "Your organisation",
                orgs,
                chosen=known.organisation_id if known else None,
                placeholder="Choose your organisation",
                optional=False,
            ),
            TextInput(JOB_TITLE, "Your job title", max_length=MAX_JOB_TITLE),
            RadioButtons(
                SENIORITY,
                "Seniority",
                tuple(Choice(s.value, s.label) for s in Seniority),
                chosen=known.seniority.value if known and known.seniority else None,
            ),
            RadioButtons(PACE, "Preferred pace", paces, chosen=str(cohort.default_pace)),
            *about,
            Checkboxes(
                CONSENT,
                "Privacy",
                (Choice(AGREED, "I have read the privacy notice and agree to it"),),
                optional=False,
            ),
            Context("You can change your pace later with the progress command."),
        ),
        text="Join the cohort by filling in this form.",
        state=str(cohort.id or ""),
    )


def _seats_label(left: SeatsLeft) -> str:
    if left.waiting:
        return f"full, {plural(left.waiting, 'person', 'people')} waiting"
    if left.free == 0:
        return "full: you would join the waitlist"
    return f"{plural(left.free, 'seat')} free"


def read_join(answers: Answers) -> JoinAnswers | dict[str, str]:
    """The answers, or what is wrong with them by input id."""
    problems: dict[str, str] = {}
    organisation = _one(answers, ORGANISATION).strip()
    if not organisation:
        problems[ORGANISATION] = "Choose your organisation."
    title = " ".join(_one(answers, JOB_TITLE).split())
    if not title:
        problems[JOB_TITLE] = "Give your job title."
    elif len(title) > MAX_JOB_TITLE:
        problems[JOB_TITLE] = f"Keep it to {MAX_JOB_TITLE} characters."
    seniority = next((s for s in Seniority if s.value == _one(answers, SENIORITY)), None)
    if seniority is None:
        problems[SENIORITY] = "Choose the level closest to yours."
    pace = _one(answers, PACE)
    if pace not in {str(p) for p in PACES}:
        problems[PACE] = "Choose 3 or 6 weeks."
    if AGREED not in answers.get(CONSENT, ()):
        problems[CONSENT] = "Tick the box to agree to the privacy notice, or you cannot join."
    if problems or seniority is None:
        return problems
    return JoinAnswers(organisation, title, seniority, int(pace))


def _one(answers: Answers, key: str) -> str:
    return next(iter(answers.get(key, ())), "")
