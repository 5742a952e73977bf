"""The console shell: type commands as anyone in the cohort and watch what the bot sends."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.clock import ManualClock
from bot.core.messages import Actions, Button, Form, Message
from bot.core.model import Actor
from bot.core.outgoing import Attachment
from bot.core.platforms import CommandName, CommandNames
from bot.core.requests import (
    CheckForm,
    DirectMessage,
    OpenHome,
    PressButton,
    ReplyToQuestion,
    RunCommand,
    SubmitForm,
)
from bot.core.usecases.registry import Registry
from handlers.console.adapters import PLATFORM, ConsoleDirectory, ConsoleInbox
from handlers.console.buttons import find_button, labels, pressing_nothing
from handlers.console.files import save, whole
from handlers.console.fill import read_answers
from handlers.console.memory import CONFIRM, DONE, Memory, reset_question
from handlers.console.render import fill_example, render
from scheduler.runner import VirtualRunner

HELP = """Lines you can type:
  /checkin 3, /progress, /cohort status ...   a command, as the current person
  any other text                               a direct message to the bot
  :as <name>       act as someone (a handle like amira, or the start of a name)
  :who             list the people in this workspace
  :user <handle> <Full Name>   add someone to the workspace (not enrolled)
  :home            show the current person's Home tab
  :press <label>   press a button in your messages by its whole label, or the start of
                   one label; words after it pick the line (:press Mark done 6)
  :reply Q-12 <text>   reply in a question's thread, as the asker or as a moderator
  :fill a=1; b=x|y     fill in and send the last form shown to you: each input's id
                       is in brackets after its label, each choice's value after its =
  :show 2          show the whole of file 2 (the number in a file's [file 2: ...] line)
  :save 2 PATH     save file 2 on this computer, at PATH or in the folder PATH
  :advance 7d      move time on (d, h, m: 1d12h, 30m) and run what falls due
  :now             show the time
  :reset           delete everything and start again (it says what first)
  :quit            leave"""

_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")


@dataclass
class Shell:
    registry: Registry
    names: CommandNames
    clock: ManualClock
    runner: VirtualRunner
    directory: ConsoleDirectory
    write: Callable[[str], None]
    zone: ZoneInfo
    inbox: ConsoleInbox
    memory: Memory
    current: str = ""
    _events: int = field(default=0, init=False)
    # The last form each person was shown, for :fill.
    _forms: dict[str, Form] = field(default_factory=dict, init=False)
    # The last private answer or Home tab with buttons each person had, which :press
    # also finds (as the oldest, so a message's button wins when both have the label).
    _replies: dict[str, Message] = field(default_factory=dict, init=False)

    @property
    def prompt(self) -> str:
        return f"{self.current or 'nobody'}> "

    async def handle(self, line: str) -> bool:
        """Act on one line; False when the user wants to leave."""
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        if line in {":quit", ":q", ":exit"}:
            return False
        if line.startswith(":"):
            await self._meta(line)
        elif line.startswith("/"):
            await self._command(line)
        else:
            await self._direct_message(line)
        # What a line did may make something due now (a leader added on a Monday morning
        # is due their week's message): run the jobs, and send, as the live bot would.
        await self.runner.run_now()
        await self.memory.keep_time(self.clock.now())
        return True

    async def _meta(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if word == ":as":
            self._switch(rest)
        elif word == ":who":
            for handle, profile in sorted(self.directory.people.items()):
                self.write(f"  {handle}: {profile.display_name}")
        elif word == ":user":
            handle, _, name = rest.partition(" ")
            if not handle or not name:
                self.write("Give a handle and a name, for example: :user fatima Fatima Ali")
            else:
                self.directory.add(handle.lower(), name.strip())
                self.write(f"{name.strip()} ({handle.lower()}) is now in the workspace.")
        elif word == ":home":
            if self._need_person():
                self._events += 1
                await self.registry.handle(OpenHome(self._actor(), self._event_id(), self._print))
        elif word == ":press":
            await self._press(rest)
        elif word == ":reply":
            await self._reply(rest)
        elif word == ":fill":
            await self._fill(rest)
        elif word == ":show":
            self._show_file(rest)
        elif word == ":save":
            await self._save_file(rest)
        elif word == ":advance":
            await self._advance(rest)
        elif word == ":now":
            self.write(self.time_line())
        elif word == ":reset":
            await self._reset(rest)
        else:
            self.write(HELP)

    async def _press(self, label: str) -> None:
        if not self._need_person():
            return
        replied = self._replies.get(self.current)
        shown = [*([replied] if replied else []), *self.inbox.seen_by(self.current)]
        found = find_button(shown, label) if label else None
        if isinstance(found, Button):
            reply = await self.registry.handle(
                PressButton(self._actor(), found.action, found.value)
            )
            if reply is not None:
                self._show(reply)
            return
        self.write(pressing_nothing(label, found, self.current, labels(shown)))

    async def _reply(self, text: str) -> None:
        reference, _, words = text.partition(" ")
        if not words.strip():
            self.write("Say which question and what to write, for example: :reply Q-1 Thank you.")
            return
        if self._need_person():
            self._events += 1
            reply = await self.registry.handle(
                ReplyToQuestion(self._actor(), reference, words.strip(), self._event_id())
            )
            self.write(f"(only you can see this)\n{render(reply)}")

    def _event_id(self) -> str:
        return f"console-{self.clock.now().isoformat()}-{self._events}"

    def _switch(self, who: str) -> None:
        key = who.lower().lstrip("@")
        matches = [
            handle
            for handle, profile in self.directory.people.items()
            if handle == key or profile.display_name.lower().startswith(key)
        ]
        if len(matches) != 1 or not key:
            self.write(f"I do not know one person called “{who}”. Type :who to see everyone.")
            return
        self.current = matches[0]
        self.write(f"You are now {self.directory.name(self.current)} ({self.current}).")

    async def _command(self, line: str) -> None:
        name, _, text = line.partition(" ")
        command = self.names.command_for(name)
        if command is None:
            known = ", ".join(self.names.of(c) for c in CommandName)
            self.write(f"There is no command {name}. Try {known}.")
        elif self._need_person():
            words = tuple(text.split())
            reply = await self.registry.handle(RunCommand(self._actor(), command, text, words))
            if reply is not None:
                self._show(reply)

    def _show(self, reply: Message | Form) -> None:
        """A private answer; a form is kept, so that :fill can send it."""
        if isinstance(reply, Form):
            self._forms[self.current] = reply
        else:
            self._keep_buttons(reply)
        self.write(f"(only you can see this)\n{render(reply)}")

    def _keep_buttons(self, reply: Message) -> None:
        if any(isinstance(b, Actions) or getattr(b, "button", None) for b in reply.blocks):
            self._replies[self.current] = reply

    async def _fill(self, text: str) -> None:
        form = self._forms.get(self.current) if self._need_person() else None
        if form is None:
            if self.current:
                self.write("There is no form to fill in. Open one first, for example /checkin.")
            return
        answers = read_answers(form, text) if text else None
        if not isinstance(answers, Mapping):
            self.write(answers or f"Say what to fill in, for example {fill_example(form)}")
            return
        actor = self._actor()
        problems = await self.registry.handle(CheckForm(actor, form.callback, answers))
        if problems:
            self.write("\n".join(f"  {key}: {problem}" for key, problem in problems.items()))
            return
        self._events += 1
        await self.registry.handle(
            SubmitForm(actor, form.callback, form.state, answers, self._event_id())
        )
        del self._forms[self.current]
        self.write(f"(sent: {form.title})")

    def _show_file(self, text: str) -> None:
        found = self._file(text.strip(), ":show 2")
        if found is not None:
            self.write(whole(*found))

    async def _save_file(self, text: str) -> None:
        number, _, path = (part.strip() for part in text.strip().partition(" "))
        # Without a path, the answer is how to use :save, as without a number.
        found = self._file(number if path else "", ":save 2 progress.csv")
        if found is not None:
            self.write(await asyncio.to_thread(save, *found, Path(path)))

    def _file(self, number: str, usage: str) -> tuple[int, Attachment] | None:
        """File `number` with its number, or None after saying what is wrong."""
        files = self.inbox.files
        if not number.isdigit():
            self.write(f"Say which file, by the number in its [file ...] line: {usage}")
        elif not 1 <= int(number) <= len(files):
            sent = f"Files so far: 1 to {len(files)}." if files else "No file has been sent yet."
            self.write(f"There is no file {number}. {sent}")
        else:
            return int(number), files[int(number) - 1]
        return None

    async def _direct_message(self, text: str) -> None:
        """Offer to send what was written as a question; point anyone not enrolled to help."""
        if self._need_person():
            self._events += 1
            await self.registry.handle(DirectMessage(self._actor(), text, self._event_id()))

    async def _advance(self, text: str) -> None:
        match = _DURATION.match(text.replace(" ", ""))
        if not text or match is None:
            self.write(
                "Say how far to move, for example :advance 7d, :advance 2h or :advance 1d12h."
            )
            return
        days, hours, minutes = (int(g or 0) for g in match.groups())
        step = timedelta(days=days, hours=hours, minutes=minutes)
        # Time jumps: each message printed on the way shows when it was sent.
        self.inbox.stamp = self._moment
        try:
            await self.runner.advance_to(self.clock.now() + step)
        finally:
            self.inbox.stamp = None
        self.write(self.time_line())

    def _moment(self) -> str:
        """'Mon 18 Jan 09:00'."""
        local = self.clock.now().astimezone(self.zone)
        return f"{local:%a} {local.day} {local:%b %H:%M}"

    async def _reset(self, answer: str) -> None:
        """Say what :reset deletes; with `yes`, delete it and start again."""
        held = await self.memory.held()
        if held.refusal is not None:
            self.write(held.refusal)
        elif answer.lower() != CONFIRM:
            self.write(reset_question(held, self.zone))
        else:
            await self.memory.start_over()
            self.current = ""
            self.inbox.clear()
            self._forms.clear()
            self._replies.clear()
            self.write(DONE)
            self.write(self.time_line())

    def time_line(self) -> str:
        local = self.clock.now().astimezone(self.zone)
        return f"It is now {local:%A} {local.day} {local:%B %Y, %H:%M} ({self.zone.key})."

    async def _print(self, message: Message) -> None:
        """The Home tab, whose buttons can be pressed."""
        self._keep_buttons(message)
        self.write(render(message))

    def _need_person(self) -> bool:
        if not self.current:
            self.write(
                "First choose who you are, for example :as amira. Type :who to see everyone."
            )
        return bool(self.current)

    def _actor(self) -> Actor:
        return Actor(PLATFORM, self.current)
