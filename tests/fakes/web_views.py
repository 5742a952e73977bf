"""views.publish, views.open and views.update: the Home tab and modals."""

from __future__ import annotations

from tests.fakes.web_replies import error, ok
from tests.fakes.workspace import JSON, FakeWorkspace, with_block_ids


def _store_view(ws: FakeWorkspace, view: JSON, view_id: str, previous: JSON | None) -> JSON:
    me = ws.identity
    stored = {
        "id": view_id,
        "team_id": me.team_id,
        "app_id": me.app_id,
        "bot_id": me.bot_id,
        "app_installed_team_id": me.team_id,
        "callback_id": "",
        "private_metadata": "",
        "external_id": "",
        "clear_on_close": False,
        "notify_on_close": False,
        "previous_view_id": None,
        "root_view_id": previous["root_view_id"] if previous else view_id,
        **view,
        "blocks": with_block_ids(view.get("blocks")),
        "state": {"values": {}},
        "hash": f"{ws.next_number()}.fakehash",
    }
    ws.views[view_id] = stored
    return stored


def views_publish(ws: FakeWorkspace, args: JSON) -> JSON:
    user_id, view = args.get("user_id"), args.get("view")
    if user_id not in ws.users:
        return error("user_not_found")
    if not isinstance(view, dict) or view.get("type") != "home":
        return error("invalid_arguments")
    current = ws.home_view(user_id)
    if current and args.get("hash") and args["hash"] != current["hash"]:
        return error("hash_conflict")
    view_id = current["id"] if current else ws.next_id("V")
    ws.home_views[user_id] = view_id
    return ok(view=_store_view(ws, view, view_id, current))


def views_open(ws: FakeWorkspace, args: JSON) -> JSON:
    user_id = ws.triggers.pop(str(args.get("trigger_id", "")), None)
    view = args.get("view")
    if user_id is None:
        return error("invalid_trigger_id")
    if not isinstance(view, dict) or view.get("type") != "modal":
        return error("invalid_arguments")
    view_id = ws.next_id("V")
    ws.modals[user_id] = view_id
    return ok(view=_store_view(ws, view, view_id, None))


def views_update(ws: FakeWorkspace, args: JSON) -> JSON:
    by_external = {v["external_id"]: v for v in ws.views.values() if v["external_id"]}
    current = ws.views.get(str(args.get("view_id"))) or by_external.get(args.get("external_id"))
    view = args.get("view")
    if current is None:
        return error("not_found")
    if not isinstance(view, dict):
        return error("invalid_arguments")
    if args.get("hash") and args["hash"] != current["hash"]:
        return error("hash_conflict")
    kept = {key: current[key] for key in ("previous_view_id", "root_view_id")}
    return ok(view=_store_view(ws, {**kept, **view}, current["id"], current))
