"""The people and the bot of a fake Teams tenant, as the Bot Connector writes them on the wire."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TENANT_ID = "tenant-1"
APP_ID = "bot-app-id"


@dataclass(frozen=True)
class TeamsPerson:
    """A person: `TeamsPerson("29:amira", "Amira Khan")`; the rest is derived when omitted."""

    id: str
    name: str
    aad_object_id: str = ""
    email: str = ""
    tenant_id: str = TENANT_ID
    user_role: str = "user"

    @property
    def aad(self) -> str:
        return self.aad_object_id or "aad-" + self.id.removeprefix("29:")

    @property
    def address(self) -> str:
        return self.email or self.name.lower().replace(" ", ".") + "@example.org"

    def to_account(self) -> dict[str, Any]:
        """`from` of an activity the person sends."""
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad}

    def to_member(self) -> dict[str, Any]:
        """One entry of a roster, as `GET .../members` answers it."""
        given, _, surname = self.name.partition(" ")
        return {
            "id": self.id,
            "name": self.name,
            "aadObjectId": self.aad,
            "email": self.address,
            "userPrincipalName": self.address,
            "givenName": given,
            "surname": surname,
            "tenantId": self.tenant_id,
            "userRole": self.user_role,
        }


@dataclass(frozen=True)
class TeamsBot:
    """The bot as Teams addresses it: `28:<app id>`."""

    app_id: str = APP_ID
    name: str = "Facilitator"

    @property
    def id(self) -> str:
        return f"28:{self.app_id}"

    def to_account(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


def personal_conversation_id(person_id: str) -> str:
    """The 1:1 chat between the bot and a person: the same id whoever starts it."""
    return "a:" + person_id.removeprefix("29:")


def thread_id(channel_id: str, root_id: str) -> str:
    """A channel thread's conversation id: the channel, then the root activity's id."""
    return f"{channel_id};messageid={root_id}"


def channel_of(conversation_id: str) -> str:
    """The conversation without its thread: `19:x@thread.tacv2;messageid=1` -> `19:x@…`."""
    return conversation_id.split(";messageid=", 1)[0]


def root_of(conversation_id: str) -> str | None:
    """The thread's root activity id, or None for a conversation that is not a thread."""
    _, found, root = conversation_id.partition(";messageid=")
    return root if found else None
