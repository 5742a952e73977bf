"""Looks Slack users up for the core."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.ports import Profile


class SlackDirectory:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def profile(self, platform_user_id: str) -> Profile | None:
        """The user's display name and time zone; None for unknown or deactivated users."""
        try:
            response = await self._client.users_info(user=platform_user_id)
        except SlackApiError as error:
            if error.response.get("error") in {"user_not_found", "users_not_found"}:
                return None
            raise
        user = response["user"]
        if user.get("deleted"):
            return None
        profile = user.get("profile", {})
        name = (
            profile.get("display_name")
            or profile.get("real_name")
            or user.get("real_name")
            or user["name"]
        )
        return Profile(display_name=name, time_zone=user.get("tz"))
