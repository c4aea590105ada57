"""The model's tools, derived from the vocabulary, and the model's answer read back.

Each action in bot/actions.py becomes one function tool: its docstring is the
description and its fields the parameters. The schema is made strict the way
OpenAI's structured outputs want it (every property required, no extra
properties, "nullable" standing for "optional"), and kept small: titles,
defaults and length limits are left out because every argument is validated
again by the action's own model when the call comes back. Servers that do not
know `strict` ignore it.

What comes back is only ever a candidate: `read_action` turns it into an Action
or raises `Misunderstood`, never anything else.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from openai.types.chat import ChatCompletion, ChatCompletionMessage
from pydantic import ValidationError

from bot.actions import ACTIONS, Action, build
from bot.errors import Misreading, Misunderstood

# JSON-schema keywords a tool parameter keeps; the rest are checked in code anyway.
_KEPT = ("type", "enum", "items", "anyOf", "description")
_NULL = {"type": "null"}


def _slim(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without titles, defaults and limits, recursively."""
    slim = {key: schema[key] for key in _KEPT if key in schema}
    if "items" in slim:
        slim["items"] = _slim(slim["items"])
    if "anyOf" in slim:
        slim["anyOf"] = [_slim(option) for option in slim["anyOf"]]
    return slim


def _parameter(raw: dict[str, Any], optional: bool) -> dict[str, Any]:
    """One parameter's schema: slim, described on top, and nullable when optional.

    pydantic writes `X | None` as anyOf [X, null], with the description of an
    annotated type such as Handle inside X. A plain X comes out of the anyOf
    typed [t, "null"]: the same meaning in fewer tokens. Null is how a strict
    schema says "optional".
    """
    prop = _slim(raw)
    options = prop.pop("anyOf", [])
    for option in options:
        if "description" in option:
            prop.setdefault("description", option.pop("description"))
    if _NULL in options:
        optional, options = True, [option for option in options if option != _NULL]
    if len(options) == 1 and isinstance(options[0].get("type"), str):
        prop = {**options[0], **prop}
    elif options:
        return {**prop, "anyOf": [*options, _NULL] if optional else options}
    if optional and isinstance(prop.get("type"), str):
        prop["type"] = [prop["type"], "null"]
        if "enum" in prop:
            prop["enum"] = [*prop["enum"], None]
    return prop


def _fields() -> list[tuple[str, str, str]]:
    """(action, field, description) for every described field of the vocabulary."""
    return [
        (action.name, name, prop["description"])
        for action in ACTIONS.values()
        for name, raw in action.model_json_schema(by_alias=True).get("properties", {}).items()
        if "description" in (prop := _parameter(raw, optional=False))
    ]


@cache
def conventions() -> dict[str, str]:
    """Descriptions shared by several parameters, keyed by the fields' names ("handle, author").

    They are said once in the system prompt rather than once per tool: the
    same words a dozen times would cost a hundred tokens on every turn.
    """
    uses: dict[str, list[str]] = {}
    for _, name, description in _fields():
        uses.setdefault(description, []).append(name)
    return {", ".join(dict.fromkeys(names)): description
            for description, names in uses.items() if len(names) > 1}


def parameters(action: type[Action]) -> dict[str, Any]:
    """The strict JSON schema of an action's arguments."""
    schema = action.model_json_schema(by_alias=True)
    required = set(schema.get("required", ()))
    shared = set(conventions().values())
    properties: dict[str, Any] = {}
    for name, raw in schema.get("properties", {}).items():
        prop = _parameter(raw, optional=name not in required)
        if prop.get("description") in shared:
            del prop["description"]
        properties[name] = prop
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


@cache
def tools() -> tuple[dict[str, Any], ...]:
    """The whole vocabulary as OpenAI function tools, in a stable order (cache-friendly)."""
    return tuple(
        {"type": "function",
         "function": {"name": action.name, "description": action.description(),
                      "parameters": parameters(action), "strict": True}}
        for action in ACTIONS.values()
    )


def read_call(name: str, arguments: str | None) -> Action:
    """The Action a tool call names, validated by its model; `Misunderstood` otherwise.

    Nulls are dropped first, so the action's own defaults apply to what the
    model left open.
    """
    if name not in ACTIONS:
        raise Misunderstood(Misreading.unknown_tool, name)
    try:
        args = json.loads(arguments or "{}")
    except json.JSONDecodeError as error:
        raise Misunderstood(Misreading.malformed, name) from error
    if not isinstance(args, dict):
        raise Misunderstood(Misreading.malformed, name)
    try:
        return build(name, {key: value for key, value in args.items() if value is not None})
    except ValidationError as error:
        raise Misunderstood(Misreading.invalid, name) from error


def _message(response: ChatCompletion | None) -> ChatCompletionMessage | None:
    return response.choices[0].message if response and response.choices else None


def read_text(response: ChatCompletion | None) -> str:
    """The words of a tool-less answer ("" when there are none)."""
    message = _message(response)
    return (message.content or "") if message else ""


def read_action(response: ChatCompletion) -> Action:
    """The one tool call of a response, as a validated Action; `Misunderstood` otherwise."""
    message = _message(response)
    calls = (message.tool_calls or []) if message else []
    if not calls:
        raise Misunderstood(Misreading.no_call)
    if len(calls) > 1:
        raise Misunderstood(Misreading.several)
    function = getattr(calls[0], "function", None)  # custom (non-function) tools have none
    if function is None:
        raise Misunderstood(Misreading.unknown_tool)
    return read_call(function.name, function.arguments)
