"""What each command's help says, in plain text, with commands named as the person's
platform names them."""

from __future__ import annotations

from bot.core.platforms import CommandName, CommandNames

HELP = {
    CommandName.CHECKIN: (
        "Record the modules you have finished.\n"
        "{checkin} 3: module 3 is done\n"
        "{checkin} 1-4 or {checkin} 2 5 7: several at once\n"
        "{checkin} undo 3: module 3 is not done after all\n"
        "{checkin} on its own: every module, to tick the ones you have done\n"
        "See where you are with {progress}."
    ),
    CommandName.PROGRESS: (
        "See your progress: modules done, time left and this week's plan.\n"
        "{progress}: your progress\n"
        "{progress} plan: your plan week by week, or a catch-up plan if you are behind\n"
        "{progress} pace 6: change your pace to 3 or 6 weeks\n"
        "{progress} pause 2w and {progress} resume: stop and restart reminders\n"
        "{progress} remind thursday 08:30: move your weekly message\n"
        "{progress} reminders off: no reminders when you fall behind\n"
        "{progress} reminders on: reminders when you fall behind again\n"
        "{progress} my-data: a file of everything I hold about you\n"
        "{progress} forget-me: delete your data (I ask you to confirm first)\n"
        "Record a module with {checkin} 3."
    ),
    CommandName.COHORT: (
        "Commands for coordinators.\n"
        "{cohort} status: who is enrolled and overall completion\n"
        "{cohort} progress: completion by organisation, seniority and pace, "
        "and who is behind, with a button to write to them\n"
        "{cohort} progress export: the same, one row per leader, as a CSV file\n"
        "{cohort} report: headline findings: completion by pace, seniority and "
        "organisation, time spent against the plan, questions, session formats and ratings\n"
        "{cohort} nudge-now: send this week's message to leaders who have not had it\n"
        "{cohort} announce: write to the cohort channel, and to each leader if you choose; "
        "you check it before it goes\n"
        "{cohort} questions: the questions waiting for an answer, counts by module and "
        "status, and time to a first reply\n"
        "{cohort} poll: ask leaders which reflection-session times they can make; "
        "{cohort} poll results, missing and close follow it. With more than one poll, "
        "name it after the command ({cohort} poll close Follow-up session) or pick it "
        "from the list I show\n"
        "{cohort} sessions: the sessions, who is in each, attendance and feedback; "
        "change or cancel a session still to come from there\n"
        "{cohort} add @person org=camden seniority=director pace=6: enrol a leader\n"
        "  Seniority is chief-executive, director, assistant-director, head-of-service or other. "
        "Pace is 3 or 6 weeks; leave it out for the cohort's default.\n"
        "{cohort} recruitment: invited, joined, waitlisted, started and finished "
        "per organisation, against its seats\n"
        "{cohort} recruit #channel: post a sign-up message with a Join button there\n"
        "{cohort} champion @person org=camden: name an organisation's champion, "
        "who may see its sign-ups with {cohort} recruitment\n"
        "{cohort} enrol @person org=camden: give a seat, from the waitlist or moving "
        "them to another organisation\n"
        "{cohort} withdraw @person: withdraw a leader; the first on the waitlist "
        "gets the seat\n"
        "{cohort} role add @person moderator: give a role, moderator or coordinator; "
        "role remove takes it away\n"
        "{cohort} close: when the cohort is over, stop every weekly message and digest, "
        "and send a closing summary and the final report (you confirm first)\n"
        "Moderators can use these too:\n"
        "{cohort} questions: the questions waiting for an answer, to claim, unclaim or "
        "take over\n"
        "{cohort} unclaim Q-3: let go of a question you claimed\n"
        "{cohort} reassign Q-3 @person: give a question to another moderator"
    ),
    CommandName.ASK: (
        "Ask the moderators anything about the course.\n"
        "{ask} your question: ask at once\n"
        "{ask} on its own: a form, where you can also ask anonymously\n"
        "{ask} search words: find answers shared with the cohort\n"
        "You can also write to me directly, and I will offer to send it as a question."
    ),
}


# What the cohort command's help shows anyone who is not a coordinator: what they can use.
NOT_A_COORDINATOR = (
    "{cohort} is for the cohort's coordinators. Here is what you can use:\n"
    "{checkin} 3: record module 3 as done ({checkin} help for more)\n"
    "{progress}: your progress and this week's plan ({progress} help for more)\n"
    "{ask} your question: ask the moderators ({ask} help for more)"
)
AS_CHAMPION = "{cohort} recruitment: your organisation's sign-ups, against its seats"
AS_MODERATOR = (
    "As a moderator: answer a question by replying in its thread in the moderators' "
    "channel, and use its Claim, Mark answered and Publish to cohort buttons"
)


def help_text(command: CommandName, names: CommandNames) -> str:
    return _named(HELP[command], names)


def cohort_help_for_others(names: CommandNames, champion: bool, moderator: bool) -> str:
    """The cohort command's help for someone who is not a coordinator."""
    lines = [NOT_A_COORDINATOR, *([AS_CHAMPION] if champion else [])]
    lines += [AS_MODERATOR] if moderator else []
    return _named("\n".join(lines), names)


def _named(text: str, names: CommandNames) -> str:
    return text.format(
        checkin=names.checkin, progress=names.progress, cohort=names.cohort, ask=names.ask
    )
