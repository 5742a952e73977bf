"""The words after a command's name, from any platform, in; a typed command or a helpful
error out. Each platform names the commands themselves (`platforms.CommandNames`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from bot.core.model import PACES, Role, Seniority, seniority_from
from bot.core.platforms import CommandName, CommandNames
from bot.core.questions import reference_number
from bot.core.requests import ChannelMention, Mention, Word
from bot.core.timetable import parse_weekday


@dataclass(frozen=True)
class ShowHelp:
    command: CommandName


@dataclass(frozen=True)
class CheckIn:
    modules: tuple[int, ...]


@dataclass(frozen=True)
class UndoCheckIn:
    modules: tuple[int, ...]


@dataclass(frozen=True)
class OpenCheckInForm:
    """Show every module with a tick box, to record several changes at once."""


@dataclass(frozen=True)
class ShowProgress:
    pass


@dataclass(frozen=True)
class ShowPlan:
    pass


@dataclass(frozen=True)
class SetPace:
    weeks: int


@dataclass(frozen=True)
class Pause:
    days: int


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class SetNudgeTime:
    weekday: int
    at: time


@dataclass(frozen=True)
class SetBehindReminders:
    on: bool


@dataclass(frozen=True)
class NudgeNow:
    pass


@dataclass(frozen=True)
class ShowMyData:
    """Send the leader a file of everything held about them."""


@dataclass(frozen=True)
class ForgetMe:
    """Ask the leader to confirm, then erase their personal data."""


@dataclass(frozen=True)
class AskQuestion:
    text: str


@dataclass(frozen=True)
class OpenQuestionForm:
    """The form to ask a question, with its options."""


@dataclass(frozen=True)
class SearchAnswers:
    words: str


@dataclass(frozen=True)
class ShowCohortQuestions:
    """The questions waiting for an answer; for coordinators, with the figures."""


@dataclass(frozen=True)
class UnclaimQuestion:
    """Let go of a question one holds."""

    reference: str


@dataclass(frozen=True)
class ReassignQuestion:
    """Give a question to another moderator, or take it over."""

    reference: str
    who: Mention


ModeratorCommand = ShowCohortQuestions | UnclaimQuestion | ReassignQuestion


@dataclass(frozen=True)
class OpenPollForm:
    """The form to start a poll for reflection-session slots."""


@dataclass(frozen=True)
class ShowPollResults:
    poll: str = ""  # the poll's title as typed; empty: the one it can only mean


@dataclass(frozen=True)
class ShowPollMissing:
    poll: str = ""


@dataclass(frozen=True)
class ClosePoll:
    poll: str = ""


@dataclass(frozen=True)
class ShowSessions:
    poll: str = ""


PollCommand = OpenPollForm | ShowPollResults | ShowPollMissing | ClosePoll | ShowSessions

LeaderChoice = ShowPlan | SetPace | Pause | Resume | SetNudgeTime | SetBehindReminders


@dataclass(frozen=True)
class ShowCohortStatus:
    pass


@dataclass(frozen=True)
class ShowCohortProgress:
    """Completion by organisation, seniority and pace, and who is behind."""


@dataclass(frozen=True)
class ExportCohortProgress:
    """The same figures as a file, one row per leader."""


@dataclass(frozen=True)
class ShowCohortReport:
    """Headline findings on the proposal's questions, and the figures behind them."""


@dataclass(frozen=True)
class EnrolLeader:
    who: Mention
    organisation_id: str
    seniority: Seniority
    pace: int | None = None


@dataclass(frozen=True)
class ShowRecruitment:
    """The recruitment funnel per organisation against its seats (champions: their own)."""


@dataclass(frozen=True)
class PostSignUp:
    """Post the sign-up message with its Join button in a channel (HERE: the channel the
    command was typed in)."""

    channel: str


HERE = ""
RECRUIT_WHERE = "Name the channel to post in, with #, or type this in that channel."


@dataclass(frozen=True)
class NameChampion:
    who: Mention
    organisation_id: str


@dataclass(frozen=True)
class PlaceLeader:
    """Give a leader a seat in an organisation: approve from the waitlist, or move them."""

    who: Mention
    organisation_id: str


@dataclass(frozen=True)
class WithdrawLeader:
    who: Mention


@dataclass(frozen=True)
class ChangeRole:
    who: Mention
    role: Role
    add: bool


RecruitmentCommand = (
    ShowRecruitment | PostSignUp | NameChampion | PlaceLeader | WithdrawLeader | ChangeRole
)


@dataclass(frozen=True)
class CloseCohort:
    """Ask the coordinator to confirm, then close the cohort."""


@dataclass(frozen=True)
class OpenAnnouncementForm:
    """The form to announce something to the cohort, starting with any text typed."""

    text: str = ""


CohortLifeCommand = CloseCohort | OpenAnnouncementForm


Command = (
    ShowHelp
    | CheckIn
    | UndoCheckIn
    | OpenCheckInForm
    | ShowProgress
    | ShowCohortStatus
    | ShowCohortProgress
    | ExportCohortProgress
    | ShowCohortReport
    | EnrolLeader
    | LeaderChoice
    | NudgeNow
    | ShowMyData
    | ForgetMe
    | AskQuestion
    | OpenQuestionForm
    | SearchAnswers
    | ModeratorCommand
    | PollCommand
    | RecruitmentCommand
    | CohortLifeCommand
)


@dataclass(frozen=True)
class CommandError:
    """Why the text could not be understood, with an example that would work."""

    problem: str
    example: str

    @property
    def text(self) -> str:
        return f"{self.problem} For example: {self.example}"


_DASHES = "-\u2013"  # a hyphen, or the en dash that phones substitute
_RANGE = re.compile(rf"^(\d{{1,4}})\s*[{_DASHES}]\s*(\d{{1,4}})$")
MAX_MODULES_PER_CHECKIN = 100
MAX_PAUSE_DAYS = 56


def parse(
    command: CommandName,
    text: str,
    words: Sequence[Word],
    module_count: int,
    names: CommandNames,
) -> Command | CommandError:
    """Parse what was typed after a command's name: `text` as written, and the same as
    `words`, with the people and channels the platform resolved."""
    plain = [word_text(word) for word in words]
    if command is CommandName.ASK:
        return _parse_ask(text.strip(), names)
    if plain and plain[0].lower() in {"help", "?"}:
        return ShowHelp(command)
    if command is CommandName.CHECKIN:
        return _parse_checkin(plain, module_count, names)
    if command is CommandName.PROGRESS:
        return _parse_leader_progress(plain, names)
    return _parse_cohort(list(words), names)


def word_text(word: Word) -> str:
    """A word as plain text: a person or channel as @name or #name."""
    if isinstance(word, Mention):
        return f"@{word.name or word.user_id}"
    if isinstance(word, ChannelMention):
        return f"#{word.name or word.channel_id}"
    return word


def _parse_ask(text: str, names: CommandNames) -> Command | CommandError:
    """The whole text is the question, except for a lone "help" or a search."""
    if not text:
        return OpenQuestionForm()
    if text.lower() in {"help", "?"}:
        return ShowHelp(CommandName.ASK)
    first, _, rest = text.partition(" ")
    if first.lower() == "search":
        if not rest.strip():
            return CommandError("Give a few words to look for.", f"{names.ask} search measures")
        return SearchAnswers(" ".join(rest.split()))
    return AskQuestion(text)


def _parse_leader_progress(words: list[str], names: CommandNames) -> Command | CommandError:
    if not words:
        return ShowProgress()
    action, rest = words[0].lower(), [w.lower() for w in words[1:]]
    if action == "plan" and not rest:
        return ShowPlan()
    if action == "resume" and not rest:
        return Resume()
    if action == "pace":
        weeks = re.fullmatch(r"(\d{1,2})(?:w|weeks?)?", "".join(rest))
        if weeks and int(weeks.group(1)) in PACES:
            return SetPace(int(weeks.group(1)))
        return CommandError("Pace is 3 or 6 (weeks).", f"{names.progress} pace 6")
    if action == "pause":
        days = _days(rest)
        if days is None or not 1 <= days <= MAX_PAUSE_DAYS:
            return CommandError("Say how long, up to 8 weeks.", f"{names.progress} pause 2w")
        return Pause(days)
    if action == "remind":
        return _parse_remind(rest, names)
    phrase = re.sub(rf"[{_DASHES}]", "-", "-".join(w.lower() for w in words))
    if phrase == "my-data":
        return ShowMyData()
    if phrase == "forget-me":
        return ForgetMe()
    if action == "reminders" and rest in (["on"], ["off"]):
        return SetBehindReminders(rest[0] == "on")
    return CommandError(
        f"{names.progress} does not know “{_short(' '.join(words))}”.", f"{names.progress} plan"
    )


def _parse_remind(words: list[str], names: CommandNames) -> Command | CommandError:
    example = f"{names.progress} remind thursday 08:30"
    weekday = parse_weekday(words[0]) if len(words) == 2 else None
    at = _clock_time(words[1]) if len(words) == 2 else None
    if weekday is None or at is None:
        return CommandError("Give a day and a time.", example)
    if at.minute % 15:
        return CommandError("Choose a time on the quarter hour.", example)
    return SetNudgeTime(weekday, at)


_LENGTH_PART = re.compile(r"(\d{1,2})(days?|d|weeks?|w)")


def _days(words: list[str]) -> int | None:
    """'2w', '10 days', '1w2d' or '1 week 2 days' as a number of days; weeks and days
    each at most once."""
    text = "".join(words)
    parts = [(int(n), 7 if unit.startswith("w") else 1) for n, unit in _LENGTH_PART.findall(text)]
    units = [unit for _, unit in parts]
    written = "".join(m.group(0) for m in _LENGTH_PART.finditer(text))
    if not parts or written != text or len(set(units)) != len(units):
        return None
    return sum(n * unit for n, unit in parts)


def _clock_time(text: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def _parse_checkin(
    words: list[str], module_count: int, names: CommandNames
) -> Command | CommandError:
    if not words:
        return OpenCheckInForm()
    undo = words[0].lower() == "undo"
    if undo:
        words = words[1:]
        if not words:
            return CommandError("Say which module to undo.", f"{names.checkin} undo 3")
    numbers = _module_numbers(" ".join(words), module_count)
    if isinstance(numbers, str):
        example = f"{names.checkin} {'undo ' if undo else ''}3, or {names.checkin} 1-4"
        return CommandError(numbers, example)
    return UndoCheckIn(numbers) if undo else CheckIn(numbers)


def _module_numbers(text: str, module_count: int) -> tuple[int, ...] | str:
    """Module numbers from "3", "1-4", "2 5 7" or "2, 5, 7"; a problem as a string."""
    chosen: set[int] = set()
    parts = [p for p in re.split(r"[,\s]+", re.sub(rf"\s*[{_DASHES}]\s*", "-", text)) if p]
    for part in parts:
        part = part.removeprefix("#")
        span = _RANGE.match(part)
        if span:
            first, last = int(span.group(1)), int(span.group(2))
            if first > last:
                return f"The range “{part}” runs backwards."
        elif part.isascii() and part.isdigit() and len(part) <= 4:
            first = last = int(part)
        else:
            return f"“{_short(part)}” is not a module number."
        for number in (first, last):
            if not 1 <= number <= module_count:
                return f"There is no module {number}: modules are numbered 1 to {module_count}."
        chosen.update(range(first, last + 1))
        if len(chosen) > MAX_MODULES_PER_CHECKIN:
            return "That is more modules than the course has."
    return tuple(sorted(chosen))


def _parse_cohort(words: list[Word], names: CommandNames) -> Command | CommandError:
    if not words:
        return ShowHelp(CommandName.COHORT)
    plain = [word_text(word) for word in words]
    action, rest = plain[0].lower(), plain[1:]
    if action == "status" and not rest:
        return ShowCohortStatus()
    if action == "progress":
        return _parse_progress(rest, names)
    if action == "add":
        return _parse_enrol(words[1:], names)
    if action == "nudge-now" and not rest:
        return NudgeNow()
    if action == "questions" and not rest:
        return ShowCohortQuestions()
    if action in {"unclaim", "reassign"}:
        return _parse_holder(action, words[1:], names)
    if action == "report" and not rest:
        return ShowCohortReport()
    if action == "sessions":
        return ShowSessions(_poll_title(rest))
    if action == "poll":
        return _parse_poll(rest, names)
    if action == "close" and not rest:
        return CloseCohort()
    if action == "announce":
        return OpenAnnouncementForm(" ".join(rest))
    if action in {"recruitment", "recruit", "champion", "enrol", "withdraw", "role"}:
        return _parse_recruitment(action, words[1:], names)
    return CommandError(
        f"{names.cohort} does not know “{_short(' '.join(plain))}”.", f"{names.cohort} status"
    )


def _parse_holder(
    action: str, words: list[Word], names: CommandNames
) -> UnclaimQuestion | ReassignQuestion | CommandError:
    """unclaim Q-3, or reassign Q-3 @person."""
    reference = word_text(words[0]) if words else ""
    if reference_number(reference) is None:
        example = f"{names.cohort} {action} Q-3" + (" @Priya" if action == "reassign" else "")
        return CommandError("Name the question, as Q-3.", example)
    if action == "unclaim":
        if len(words) != 1:
            return CommandError("Name only the question.", f"{names.cohort} unclaim Q-3")
        return UnclaimQuestion(reference)
    who = _mention(words[1]) if len(words) == 2 else None
    if who is None:
        return CommandError(
            "Name the question, then the moderator as an @mention.",
            f"{names.cohort} reassign Q-3 @Priya",
        )
    return ReassignQuestion(reference, who)


_POLL_ACTIONS: dict[str, type[ShowPollResults | ShowPollMissing | ClosePoll]] = {
    "results": ShowPollResults,
    "missing": ShowPollMissing,
    "close": ClosePoll,
}


def _parse_poll(words: list[str], names: CommandNames) -> PollCommand | CommandError:
    """poll (the form), or results, missing or close, each with a poll's title or none."""
    if not words:
        return OpenPollForm()
    chosen = _POLL_ACTIONS.get(words[0].lower())
    if chosen is None:
        unknown = _short(" ".join(words))
        return CommandError(
            f"{names.cohort} poll takes results, missing or close, not “{unknown}”.",
            f"{names.cohort} poll results",
        )
    return chosen(_poll_title(words[1:]))


_QUOTES = "\"'\u201c\u201d\u2018\u2019"  # straight and curly quotes


def _poll_title(words: list[str]) -> str:
    """The words naming a poll, as typed, without quotes around them."""
    return " ".join(words).strip().strip(_QUOTES).strip()


def _parse_progress(
    words: list[str], names: CommandNames
) -> ShowCohortProgress | ExportCohortProgress | CommandError:
    if not words:
        return ShowCohortProgress()
    if [w.lower() for w in words] == ["export"]:
        return ExportCohortProgress()
    return CommandError(
        f"{names.cohort} progress takes only the word export, not “{_short(' '.join(words))}”.",
        f"{names.cohort} progress export",
    )


def _parse_enrol(words: list[Word], names: CommandNames) -> EnrolLeader | CommandError:
    example = f"{names.cohort} add @Amira org=camden seniority=director pace=6"
    who = _mention(words[0]) if words else None
    if who is None:
        return CommandError("Start with the person to add, as an @mention.", example)
    options: dict[str, str] = {}
    for word in map(word_text, words[1:]):
        key, sep, value = word.partition("=")
        key = key.lower()
        if not sep or not value or key not in {"org", "seniority", "pace"}:
            return CommandError(f"I do not understand “{_short(word)}”.", example)
        options[key] = value
    if "org" not in options or "seniority" not in options:
        return CommandError("Give both an org= and a seniority=.", example)
    seniority = seniority_from(options["seniority"])
    if seniority is None:
        levels = ", ".join(s.value for s in Seniority)
        return CommandError(f"Seniority is one of: {levels}.", example)
    pace = options.get("pace")
    if pace is not None and pace not in {str(p) for p in PACES}:
        return CommandError("Pace is 3 or 6 (weeks).", example)
    return EnrolLeader(who, options["org"].lower(), seniority, int(pace) if pace else None)


_CHANNEL_NAME = re.compile(r"^#([A-Za-z0-9._-]{1,80})$")


def _parse_recruitment(
    action: str, words: list[Word], names: CommandNames
) -> RecruitmentCommand | CommandError:
    """recruitment, recruit #channel, champion/enrol @person org=id, withdraw @person,
    role add|remove @person coordinator|moderator."""
    cohort = names.cohort
    if action == "recruitment":
        if words:
            return CommandError(
                f"{cohort} recruitment takes nothing after it.", f"{cohort} recruitment"
            )
        return ShowRecruitment()
    if action == "recruit":
        channel = _channel(words[0]) if len(words) == 1 else HERE if not words else None
        if channel is None:
            return CommandError(RECRUIT_WHERE, f"{cohort} recruit #general")
        return PostSignUp(channel)
    if action == "withdraw":
        who = _mention(words[0]) if len(words) == 1 else None
        if who is None:
            return CommandError("Name one person, as an @mention.", f"{cohort} withdraw @Amira")
        return WithdrawLeader(who)
    if action == "role":
        return _parse_role(words, names)
    example = f"{cohort} {action} @Amira org=camden"
    who = _mention(words[0]) if words else None
    org = word_text(words[1]).partition("=") if len(words) == 2 else ("", "", "")
    if who is None or org[0].lower() != "org" or not org[2]:
        return CommandError("Give the person as an @mention, then org= and the id.", example)
    if action == "champion":
        return NameChampion(who, org[2].lower())
    return PlaceLeader(who, org[2].lower())


_ROLES = {"coordinator": Role.COORDINATOR, "moderator": Role.MODERATOR}


def _parse_role(words: list[Word], names: CommandNames) -> ChangeRole | CommandError:
    example = f"{names.cohort} role add @Priya moderator"
    plain = [word_text(word).lower() for word in words]
    if len(words) != 3 or plain[0] not in {"add", "remove"}:
        return CommandError("Say add or remove, the person and the role.", example)
    who, role = _mention(words[1]), _ROLES.get(plain[2])
    if who is None:
        return CommandError("Name the person as an @mention.", example)
    if role is None:
        return CommandError("The role is coordinator or moderator.", example)
    return ChangeRole(who, role, plain[0] == "add")


def _mention(word: Word) -> Mention | None:
    """A person the platform resolved, or a name typed after an @."""
    if isinstance(word, Mention):
        return word
    if isinstance(word, str) and len(word) > 1 and word.startswith("@") and " " not in word:
        return Mention(name=word[1:])
    return None


def _channel(word: Word) -> str | None:
    """A channel the platform resolved (its id), or a name typed after a #."""
    if isinstance(word, ChannelMention):
        return word.handle or None
    match = _CHANNEL_NAME.match(word) if isinstance(word, str) else None
    return match.group(1) if match else None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
