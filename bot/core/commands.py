"""One grammar for every platform: command text in, a typed command or a helpful error out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.model import PACES, Seniority


@dataclass(frozen=True)
class CommandNames:
    """The slash command names, which a workspace may rename."""

    checkin: str = "/checkin"
    progress: str = "/progress"
    cohort: str = "/cohort"


@dataclass(frozen=True)
class Mention:
    """A reference to a user: a platform id when the platform gave one, else a name."""

    user_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class ShowHelp:
    command: str


@dataclass(frozen=True)
class CheckIn:
    modules: tuple[int, ...]


@dataclass(frozen=True)
class UndoCheckIn:
    modules: tuple[int, ...]


@dataclass(frozen=True)
class ShowProgress:
    pass


@dataclass(frozen=True)
class ShowCohortStatus:
    pass


@dataclass(frozen=True)
class EnrolLeader:
    who: Mention
    organisation_id: str
    seniority: Seniority
    pace: int | None = None


Command = ShowHelp | CheckIn | UndoCheckIn | ShowProgress | ShowCohortStatus | EnrolLeader


@dataclass(frozen=True)
class CommandError:
    """Why the text could not be understood, with an example that would work."""

    problem: str
    example: str

    @property
    def text(self) -> str:
        return f"{self.problem} For example: {self.example}"


_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$|^@(\S+)$")
_DASHES = "-\u2013"  # a hyphen, or the en dash that phones and Slack substitute
_RANGE = re.compile(rf"^(\d{{1,4}})\s*[{_DASHES}]\s*(\d{{1,4}})$")
_SENIORITY_ALIASES = {
    "ceo": Seniority.CHIEF_EXECUTIVE,
    "ad": Seniority.ASSISTANT_DIRECTOR,
    "hos": Seniority.HEAD_OF_SERVICE,
}
MAX_MODULES_PER_CHECKIN = 100


def parse(
    command: str, text: str, module_count: int, names: CommandNames
) -> Command | CommandError:
    """Parse the text typed after a command name."""
    words = text.strip().split()
    if words and words[0].lower() in {"help", "?"}:
        return ShowHelp(command)
    if command == "checkin":
        return _parse_checkin(words, module_count, names)
    if command == "progress":
        if words:
            return CommandError(f"{names.progress} does not take “{_short(text)}”.", names.progress)
        return ShowProgress()
    if command == "cohort":
        return _parse_cohort(words, names)
    return CommandError(f"I do not know the command “{_short(command)}”.", f"{names.progress}")


def _parse_checkin(
    words: list[str], module_count: int, names: CommandNames
) -> Command | CommandError:
    if not words:
        return ShowHelp("checkin")
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


def _parse_cohort(words: list[str], names: CommandNames) -> Command | CommandError:
    if not words:
        return ShowHelp("cohort")
    action, rest = words[0].lower(), words[1:]
    if action == "status" and not rest:
        return ShowCohortStatus()
    if action == "add":
        return _parse_enrol(rest, names)
    return CommandError(
        f"{names.cohort} does not know “{_short(' '.join(words))}”.", f"{names.cohort} status"
    )


def _parse_enrol(words: list[str], names: CommandNames) -> EnrolLeader | CommandError:
    example = f"{names.cohort} add @Amira org=camden seniority=director pace=6"
    who = _mention(words[0]) if words else None
    if who is None:
        return CommandError("Start with the person to add, as an @mention.", example)
    options: dict[str, str] = {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        key = key.lower()
        if not sep or not value or key not in {"org", "seniority", "pace"}:
            return CommandError(f"I do not understand “{_short(word)}”.", example)
        options[key] = value
    if "org" not in options or "seniority" not in options:
        return CommandError("Give both an org= and a seniority=.", example)
    seniority = _seniority(options["seniority"])
    if seniority is None:
        levels = ", ".join(s.value for s in Seniority)
        return CommandError(f"Seniority is one of: {levels}.", example)
    pace = options.get("pace")
    if pace is not None and pace not in {str(p) for p in PACES}:
        return CommandError("Pace is 3 or 6 (weeks).", example)
    return EnrolLeader(who, options["org"].lower(), seniority, int(pace) if pace else None)


def _mention(word: str) -> Mention | None:
    match = _MENTION.match(word)
    if match is None:
        return None
    if match.group(1):
        return Mention(user_id=match.group(1), name=match.group(2) or None)
    return Mention(name=match.group(3))


def _seniority(text: str) -> Seniority | None:
    key = text.lower().replace("_", "-").replace(" ", "-")
    if key in _SENIORITY_ALIASES:
        return _SENIORITY_ALIASES[key]
    return next((s for s in Seniority if s.value == key), None)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


HELP = {
    "checkin": (
        "Record the modules you have finished.\n"
        "• `{checkin} 3`: module 3 is done\n"
        "• `{checkin} 1-4` or `{checkin} 2 5 7`: several at once\n"
        "• `{checkin} undo 3`: module 3 is not done after all\n"
        "See where you are with `{progress}`."
    ),
    "progress": (
        "See your progress: modules done, time left and this week's plan.\n"
        "• `{progress}`: your progress\n"
        "Record a module with `{checkin} 3`."
    ),
    "cohort": (
        "Commands for coordinators.\n"
        "• `{cohort} status`: who is enrolled and overall completion\n"
        "• `{cohort} add @person org=camden seniority=director pace=6`: enrol a leader\n"
        "  Seniority is chief-executive, director, assistant-director, head-of-service or other. "
        "Pace is 3 or 6 weeks; leave it out for the cohort's default."
    ),
}


def help_text(command: str, names: CommandNames) -> str:
    return HELP[command].format(checkin=names.checkin, progress=names.progress, cohort=names.cohort)
