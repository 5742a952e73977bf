"""Checks each Block Kit payload the bot sends: through slack_sdk's models and Slack's limits."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.fakes import block_limits

MESSAGE_METHODS = {"chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"}
VIEW_METHODS = {"views.publish", "views.open", "views.update", "views.push"}


def sdk_block_problems(blocks: object) -> list[str]:
    """What slack_sdk's block models reject when parsing and serialising `blocks`."""
    if not isinstance(blocks, list):
        return [f"blocks: expected a list, got {type(blocks).__name__}"]
    found: list[str] = []
    for index, block in enumerate(blocks):
        try:
            parsed = Block.parse(copy.deepcopy(block))
            if parsed is None:
                found.append(f"blocks[{index}]: unknown block type {_type_of(block)!r}")
            else:
                parsed.to_dict()
        except Exception as failure:  # any failure to build means Slack would reject it too
            found.append(f"blocks[{index}]: slack_sdk rejects it: {failure}")
    return found


def sdk_view_problems(view: object) -> list[str]:
    """What slack_sdk's View model rejects (it validates its blocks as well)."""
    if not isinstance(view, Mapping):
        return [f"view: expected an object, got {type(view).__name__}"]
    found = sdk_block_problems(view.get("blocks") or [])
    if found:
        return found  # the View model would only repeat them, without saying which block
    try:
        View(**copy.deepcopy(dict(view))).to_dict()
    except Exception as failure:  # any failure to build means Slack would reject it too
        found.append(f"view: slack_sdk rejects it: {failure}")
    return found


def check_call(method: str, args: Mapping[str, Any]) -> list[str]:
    """Problems with the Block Kit in one call, each prefixed with the method."""
    if method in MESSAGE_METHODS:
        found = block_limits.problems("message", args)
        if "blocks" in args:
            found += sdk_block_problems(args["blocks"])
    elif method in VIEW_METHODS:
        view = args.get("view")
        found = sdk_view_problems(view)
        if isinstance(view, Mapping) and view.get("type") in ("modal", "home"):
            found += block_limits.problems(str(view["type"]), view)
    else:
        return []
    return [f"{method}: {problem}" for problem in found]


def _type_of(block: object) -> object:
    return block.get("type") if isinstance(block, Mapping) else block
