"""A fake Microsoft Teams: a Bot Connector on loopback, and the activities Teams sends the bot."""

from tests.fakes.teams.activities import IncomingActivities
from tests.fakes.teams.calls import TeamsCall
from tests.fakes.teams.connector import FakeTeamsConnector
from tests.fakes.teams.limits import TeamsRateLimits
from tests.fakes.teams.people import TeamsBot, TeamsPerson
from tests.fakes.teams.views import Posted, Thread

__all__ = [
    "FakeTeamsConnector",
    "IncomingActivities",
    "Posted",
    "TeamsBot",
    "TeamsCall",
    "TeamsPerson",
    "TeamsRateLimits",
    "Thread",
]
