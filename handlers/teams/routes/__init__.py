"""Every Teams route, each in a file of its own, registered on one AgentApplication."""

from microsoft_agents.hosting.core import AgentApplication, TurnState

from bot.core.platforms import CommandNames
from bot.core.usecases.registry import Registry
from handlers.teams.routes import cards, dialogs, edits, errors, installs, messages


def register(app: AgentApplication[TurnState], registry: Registry, names: CommandNames) -> None:
    installs.register(app, registry)
    cards.register(app, registry)
    dialogs.register(app, registry, names)
    messages.register(app, registry, names)
    edits.register(app, registry)
    errors.register(app)
