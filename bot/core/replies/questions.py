"""What leaders and moderators see about questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.messages import (
    Actions,
    Block,
    Button,
    Checkboxes,
    Choice,
    Context,
    Fields,
    Form,
    Heading,
    Message,
    Paragraph,
    Quote,
    Select,
    TextInput,
    plain,
)
from bot.core.model import Curriculum
from bot.core.platforms import CommandNames
from bot.core.questions import (
    INTERNAL_MARKER,
    MAX_QUESTION,
    Question,
    QuestionStatus,
    module_titles,
)
from bot.core.wording import CHOICE_LENGTH, clip, day

ASK = "question_ask"  # a button that opens the question form
QUESTION_FORM = "question_form"
TEXT, MODULE, OPTIONS = "question", "module", "options"
ANONYMOUS, MAY_PUBLISH = "anonymous", "may_publish"
SEND_DRAFT = "question_send"
SEND_DRAFT_ANONYMOUSLY = "question_send_anonymously"
DROP_DRAFT = "question_drop"
CLAIM = "question_claim"
MARK_ANSWERED = "question_mark_answered"
PUBLISH = "question_publish"
RESOLVE = "question_resolve"
# Where direct messages have no threads: a button under each answer, and its form.
REPLY = "question_reply"
REPLY_FORM = "question_reply_form"
ALLOW_SHARING = "question_allow_sharing"

ANONYMOUS_ASKER = "A leader (anonymous)"
ASKER = "Asker"


def ask_button() -> Button:
    return Button("Ask a question", ASK)


def question_form(curriculum: Curriculum, names: CommandNames, text: str = "") -> Form:
    """The question, the module it is about, and what the asker agrees to."""
    titles = module_titles(curriculum).items()
    modules = tuple(Choice(module_id, clip(title, CHOICE_LENGTH)) for module_id, title in titles)
    options = (
        Choice(ANONYMOUS, "Ask anonymously: moderators will not see your name"),
        Choice(MAY_PUBLISH, "The answer may be shared with the cohort without my name"),
    )
    return Form(
        title="Ask a question",
        callback=QUESTION_FORM,
        submit="Send",
        blocks=(
            Paragraph("The moderators will answer in a private thread with you."),
            TextInput(TEXT, "Your question", multiline=True, max_length=MAX_QUESTION),
            Select(MODULE, "Which module is it about?", modules, placeholder="Choose a module"),
            Checkboxes(OPTIONS, "Options", options),
        ),
        text=f"Or type {names.ask} and your question.",
        state=text,
    )


def asked_message(question: Question, threads: bool) -> Message:
    """The start of the asker's thread for this question; where direct messages have no
    threads, the first of the messages about it."""
    lead = f"Your question {question.reference} is with the moderators."
    where = "in this thread" if threads else "here, each with a Reply button"
    blocks: list[Block] = [
        Paragraph(f"{lead} Their answers will appear {where}."),
        Context(f"You asked: {clip(question.text, 300)}"),
    ]
    if question.anonymous:
        blocks.append(Context("You asked anonymously: moderators do not see your name."))
    more = "Reply in this thread" if threads else "Press Reply under an answer"
    blocks.append(Context(f"{more} to add anything."))
    return Message(f"{lead} Their answers will appear {where}.", tuple(blocks))


def ask_received_message(question: Question, threads: bool) -> Message:
    """The private answer to a typed question, pointing to where the answers will come."""
    where = "have started a thread about it in" if threads else "will send the answers to"
    return plain(
        f"Thank you. Your question is {question.reference}. I {where} your messages with me."
    )


def reply_form(question: Question) -> Form:
    """A reply to a question, where direct messages have no thread to write in."""
    return Form(
        title=f"Reply about {question.reference}",
        callback=REPLY_FORM,
        submit="Send",
        blocks=(TextInput(TEXT, "Your reply", multiline=True, max_length=MAX_QUESTION),),
        text=f"Write your reply to {question.reference} after its Reply button.",
        state=question.reference,
    )


EMPTY_REPLY = "Please write your reply."


def no_such_question(names: CommandNames) -> Message:
    """For a button or reference naming a question that is gone, or not the writer's."""
    return plain(f"That question no longer exists. Ask a new one with {names.ask}.")


def already_sent(question: Question) -> Message:
    """For a draft's button pressed after the draft was sent."""
    return plain(f"You have sent this already, as {question.reference}.")


@dataclass(frozen=True)
class CardDetails:
    """What the moderators' message says beyond the question itself."""

    asker: str  # a name and organisation, or ANONYMOUS_ASKER
    module: str | None
    asked: datetime  # in the cohort's zone
    claimed_by: str | None


def moderator_card(question: Question, details: CardDetails) -> Message:
    """The question in the moderators' channel, updated in place as its status changes."""
    status = status_text(question, details.claimed_by)
    buttons = []
    if question.status.waiting:
        buttons.append(Button("Claim", CLAIM, str(question.id)))
        buttons.append(Button("Mark answered", MARK_ANSWERED, str(question.id), "primary"))
    if question.published_at is None:
        buttons.append(Button("Publish to cohort", PUBLISH, str(question.id)))
    asked = details.asked
    blocks: list[Block] = [
        Heading(f"Question {question.reference}: {status}"),
        Quote(question.text),
        Fields(
            (
                ("Module", details.module or "Not given"),
                ("Asked by", details.asker),
                ("Asked", f"{day(asked.date())} at {asked:%H:%M}"),
                ("Status", status),
            )
        ),
    ]
    if buttons:
        blocks.append(Actions(tuple(buttons)))
    blocks.append(
        Context(
            "Reply in this thread to answer: the asker sees your reply and your name. "
            f"Start with {INTERNAL_MARKER} to keep a note among moderators."
        )
    )
    text = (
        f"Question {question.reference} from {details.asker} ({status}): {clip(question.text, 200)}"
    )
    return Message(text, tuple(blocks))


def status_text(question: Question, claimed_by: str | None) -> str:
    words = {
        QuestionStatus.DRAFT: "Not sent",
        QuestionStatus.OPEN: "Open",
        QuestionStatus.CLAIMED: f"Claimed by {claimed_by or 'a moderator'}",
        QuestionStatus.ANSWERED: "Answered",
        QuestionStatus.RESOLVED: "Resolved",
    }[question.status]
    return f"{words}, published" if question.published_at else words


def to_asker_message(
    moderator: str, text: str, question: Question, edited: bool, threads: bool
) -> Message:
    """A moderator's reply, carried to the asker's thread; where direct messages have no
    threads, with a Reply button and the question it is about."""
    about = "" if threads else f" about {question.reference}"
    lead = f"{moderator} (moderator) replied{about}{' (edited)' if edited else ''}:"
    blocks: list[Block] = [Paragraph(lead), Quote(text)]
    buttons: list[Button] = []
    if question.status is not QuestionStatus.RESOLVED:
        buttons.append(Button("That answers it", RESOLVE, str(question.id), "primary"))
    if not threads:
        buttons.append(Button("Reply", REPLY, question.reference))
    if buttons:
        blocks.append(Actions(tuple(buttons)))
    return Message(f"{lead} {clip(text, 2000)}", tuple(blocks))


def to_moderators_message(author: str, text: str, edited: bool) -> Message:
    """The asker's reply, carried to the moderators' thread."""
    lead = f"{author} wrote{' (edited)' if edited else ''}:"
    return Message(f"{lead} {clip(text, 2000)}", (Paragraph(lead), Quote(text)))


def resolved_for_moderators(question: Question) -> Message:
    text = f"The asker says {question.reference} is answered. It is now resolved."
    return Message(text, (Context(text),))


def resolved_for_asker(question: Question) -> Message:
    return plain(f"Thank you. {question.reference} is resolved. Write here again if you need more.")


def consent_request(question: Question) -> Message:
    """Ask the asker whether the answer may be shared, when a moderator wants to."""
    text = (
        f"A moderator would like to share {question.reference} and its answer with the "
        "cohort, without your name. Is that all right?"
    )
    button = Button("Yes, share it without my name", ALLOW_SHARING, str(question.id), "primary")
    return Message(text, (Paragraph(text), Actions((button,)), Context("If not, do nothing.")))


def consent_given(question: Question) -> Message:
    return plain(
        f"The asker agreed to share {question.reference} without their name. "
        "Press Publish to cohort to share it."
    )


def reminder_message(question: Question, waited: str) -> Message:
    return plain(f"{question.reference} has waited {waited} with no reply. Can someone answer it?")


def published_message(question: Question, answer: str, names: CommandNames) -> Message:
    """The question and its answer in the cohort channel, without the asker's name."""
    blocks = (
        Heading("A question from the cohort"),
        Quote(question.text),
        Paragraph("The moderators' answer:"),
        Quote(answer),
        Context(
            f"{question.reference}. Find past answers with {names.ask} search and a few words."
        ),
    )
    return Message(f"A question from the cohort: {clip(question.text, 300)}", blocks)


def draft_message(question: Question, names: CommandNames) -> Message:
    """Offer to send a direct message to the moderators as a question."""
    lead = "Shall I send this to the moderators as a question?"
    buttons = (
        Button("Send", SEND_DRAFT, str(question.id), "primary"),
        Button("Send anonymously", SEND_DRAFT_ANONYMOUSLY, str(question.id)),
        Button("No, thanks", DROP_DRAFT, str(question.id)),
    )
    commands = (
        f"Not a question? Record a module with {names.checkin} 3, "
        f"or see your progress with {names.progress}."
    )
    blocks = (
        Paragraph(lead),
        Context(clip(question.text, 300)),
        Actions(buttons),
        Context(commands),
    )
    return Message(lead, blocks)
