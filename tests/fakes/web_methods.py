"""How the fake answers each Web API method, given the workspace and the call's arguments."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.fakes.web_chat import (
    chat_delete,
    chat_get_permalink,
    chat_post_ephemeral,
    chat_post_message,
    chat_update,
    conversations_open,
)
from tests.fakes.web_conversations import conversations_members, users_conversations
from tests.fakes.web_history import conversations_history, conversations_replies
from tests.fakes.web_replies import error, ok
from tests.fakes.web_views import views_open, views_publish, views_update
from tests.fakes.workspace import JSON, FakeWorkspace

Handler = Callable[[FakeWorkspace, JSON], JSON]


def auth_test(ws: FakeWorkspace, args: JSON) -> JSON:
    me = ws.identity
    return ok(
        url=f"https://{me.team_domain}.slack.com/",
        team=me.team_name,
        user=me.bot_name,
        team_id=me.team_id,
        user_id=me.bot_user_id,
        bot_id=me.bot_id,
        is_enterprise_install=False,
    )


def users_info(ws: FakeWorkspace, args: JSON) -> JSON:
    user = ws.users.get(str(args.get("user")))
    return ok(user=user.to_slack(ws.identity.team_id)) if user else error("user_not_found")


def users_lookup_by_email(ws: FakeWorkspace, args: JSON) -> JSON:
    email = str(args.get("email", "")).lower()
    found = [u for u in ws.users.values() if u.email.lower() == email]
    return ok(user=found[0].to_slack(ws.identity.team_id)) if found else error("users_not_found")


def files_get_upload_url_external(ws: FakeWorkspace, args: JSON) -> JSON:
    if not args.get("filename") or not str(args.get("length", "")).isdigit():
        return error("invalid_arguments")
    file_id = ws.next_id("F")
    ws.uploads[file_id] = {"filename": args["filename"], "length": int(args["length"])}
    return ok(upload_url=f"{ws.origin}/upload/v1/{file_id}", file_id=file_id)


def files_complete_upload_external(ws: FakeWorkspace, args: JSON) -> JSON:
    files = args.get("files")
    files = json.loads(files) if isinstance(files, str) else files
    if not isinstance(files, list) or not files:
        return error("invalid_arguments")
    if any("content" not in ws.uploads.get(f.get("id"), {}) for f in files):
        return error("file_not_found")
    channel = args.get("channel_id") or args.get("channels")
    if channel and ws.resolve_channel(channel) is None:
        return error("channel_not_found")
    answered = []
    for f in files:
        upload = ws.uploads[f["id"]]
        title = f.get("title") or upload["filename"]
        answered.append(
            {
                "id": f["id"],
                "name": upload["filename"],
                "title": title,
                "size": len(upload["content"]),
                "user": ws.identity.bot_user_id,
            }
        )
        if channel:
            ws.shared_files.append(
                {
                    "channel": ws.resolve_channel(channel),
                    "file_id": f["id"],
                    "initial_comment": args.get("initial_comment"),
                }
            )
    if channel:
        _share(ws, str(ws.resolve_channel(channel)), answered, args.get("initial_comment"))
    return ok(files=answered)


def _share(ws: FakeWorkspace, channel: str, files: list[JSON], comment: object) -> None:
    """The message that shows shared files in the channel's history, as Slack posts one."""
    me = ws.identity
    message = {
        "type": "message",
        "text": str(comment or ""),
        "user": me.bot_user_id,
        "bot_id": me.bot_id,
        "ts": ws.next_ts(),
        "files": [{"id": f["id"], "name": f["name"], "title": f["title"]} for f in files],
        "upload": True,
    }
    ws.record_message(channel, message)


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "conversations.open": conversations_open,
    "conversations.members": conversations_members,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "views.publish": views_publish,
    "views.open": views_open,
    "views.update": views_update,
    "users.info": users_info,
    "users.lookupByEmail": users_lookup_by_email,
    "users.conversations": users_conversations,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
}


def answer(ws: FakeWorkspace, method: str, args: JSON) -> JSON:
    """Slack's JSON answer to one call; unknown methods get `unknown_method` as on Slack."""
    handler = HANDLERS.get(method)
    return handler(ws, args) if handler else error("unknown_method")
