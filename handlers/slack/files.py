"""Files the bot sends, such as a coordinator's progress export, through files upload v2."""

from __future__ import annotations

from slack_sdk.errors import SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.outgoing import Attachment
from bot.core.ports import RetryLater


async def upload_file(
    client: AsyncWebClient, channel: str, attachment: Attachment, comment: str
) -> str:
    """Upload a file into a channel with a comment; returns Slack's file id.

    files_upload_v2 asks for an upload URL, sends the bytes there, then completes
    the upload into the channel. Slack's errors surface as SlackApiError, as for
    any other call; a refused upload of the bytes is worth trying again. Text files
    are sent as text, binary ones as their bytes.
    """
    try:
        response = await client.files_upload_v2(
            channel=channel,
            content=attachment.content,
            filename=attachment.name,
            title=attachment.title or attachment.name,
            initial_comment=comment,
        )
    except SlackRequestError as error:
        raise RetryLater(f"file upload failed: {error}") from error
    return str(response["file"]["id"])
