"""What the fake Discord refuses in a message or a command, the way Discord refuses it.

Each refusal is a `Refusal` carrying Discord's status, JSON error code and message
(https://discord.com/developers/docs/topics/opcodes-and-status-codes#json), and for a
form error the `errors` tree Discord nests under the failing field. The limits are
Discord's documented ones:

- message: content at most 2,000 characters; at most 10 embeds, 6,000 characters in all
  (https://discord.com/developers/docs/resources/message#embed-object-embed-limits);
  neither content, embeds, files, stickers nor a poll: "Cannot send an empty message";
- components (https://discord.com/developers/docs/components/reference): at most 5 action
  rows of at most 5 buttons (or one select menu), 25 components in all (40 with the
  IS_COMPONENTS_V2 flag); a button label at most 80 characters; a custom_id 1-100
  characters and unique within its message;
- application commands (https://discord.com/developers/docs/interactions/application-commands):
  names 1-32 characters matching Discord's pattern, lowercase; descriptions 1-100; at most
  25 options and 25 choices; required options first; localisation keys Discord's locales.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

IS_COMPONENTS_V2 = 1 << 15
EPHEMERAL = 1 << 6
LOCALES = frozenset({
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi",
    "th", "zh-CN", "ja", "zh-TW", "ko"})
COMMAND_NAME = regex.compile(r"^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$")
MESSAGES = {  # Discord's JSON error codes and their messages
    0: "General error", 10003: "Unknown Channel", 10008: "Unknown Message",
    10013: "Unknown User", 10015: "Unknown Webhook", 10062: "Unknown interaction",
    40005: "Request entity too large", 40060: "Interaction has already been acknowledged.",
    50001: "Missing Access", 50006: "Cannot send an empty message",
    50007: "Cannot send messages to this user", 50013: "Missing Permissions",
    50035: "Invalid Form Body", 40001: "Unauthorized"}
FILE_LIMIT = 10 * 1024 * 1024  # bytes per upload for a bot without boosts
BUTTON, ACTION_ROW, TEXT_INPUT = 2, 1, 4
SELECTS = {3, 5, 6, 7, 8}


class Refusal(Exception):
    """Discord's error answer: HTTP `status`, JSON `code` and `message`, form `errors`."""

    def __init__(self, status: int, code: int, message: str | None = None,
                 errors: dict[str, Any] | None = None, reason: str | None = None,
                 headers: dict[str, str] | None = None,
                 body: dict[str, Any] | None = None) -> None:
        self.status, self.code = status, code
        self.message = message or MESSAGES.get(code, "Error")
        self.errors, self.headers = errors, headers or {}
        self.reason = reason or self.message
        self._body = body
        super().__init__(self.reason)

    def body(self) -> dict[str, Any]:
        if self._body is not None:
            return self._body
        found: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            found["errors"] = self.errors
        return found


def form_error(path: str, code: str, message: str) -> Refusal:
    """A 400 Invalid Form Body (50035) naming the field at `path` ("components.0.label")."""
    tree: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path.split(".")):
        tree = {part: tree}
    return Refusal(400, 50035, errors=tree, reason=f"{path}: {message}")


def _at_most(path: str, value: object, limit: int) -> None:
    if isinstance(value, str | list) and len(value) > limit:
        raise form_error(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def check_message(payload: dict[str, Any], files: int = 0, edit: bool = False) -> None:
    """Refuse (raise `Refusal`) what Discord refuses in a message create or edit body."""
    content = payload.get("content") or ""
    if not isinstance(content, str):
        raise form_error("content", "STRING_TYPE_CONVERT", "Could not interpret as string.")
    _at_most("content", content, 2000)
    embeds = payload.get("embeds") or []
    check_embeds(embeds)
    flags = int(payload.get("flags") or 0)
    components = payload.get("components") or []
    check_components(components, v2=bool(flags & IS_COMPONENTS_V2))
    if edit:
        return
    if flags & IS_COMPONENTS_V2:
        if content or embeds:
            raise form_error("content", "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                             "The 'content' and 'embeds' fields cannot be used when using "
                             "MessageFlags.IS_COMPONENTS_V2")
        if not components:
            raise Refusal(400, 50006)
        return
    if not (content.strip() or embeds or files or payload.get("sticker_ids")
            or payload.get("poll")):
        raise Refusal(400, 50006, reason="Cannot send an empty message")


def check_embeds(embeds: list[dict[str, Any]]) -> None:
    _at_most("embeds", embeds, 10)
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in (("title", 256), ("description", 4096)):
            _at_most(f"embeds.{i}.{key}", embed.get(key) or "", limit)
            total += len(embed.get(key) or "")
        fields = embed.get("fields") or []
        _at_most(f"embeds.{i}.fields", fields, 25)
        for j, item in enumerate(fields):
            _at_most(f"embeds.{i}.fields.{j}.name", item.get("name") or "", 256)
            _at_most(f"embeds.{i}.fields.{j}.value", item.get("value") or "", 1024)
            total += len(item.get("name") or "") + len(item.get("value") or "")
        for key, inner, limit in (("footer", "text", 2048), ("author", "name", 256)):
            text = (embed.get(key) or {}).get(inner) or ""
            _at_most(f"embeds.{i}.{key}.{inner}", text, limit)
            total += len(text)
    if total > 6000:
        raise form_error("embeds", "MAX_EMBED_SIZE_EXCEEDED",
                         "Embed size exceeds maximum size of 6000")


def _walk(components: list[dict[str, Any]], path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, component in enumerate(components):
        here = f"{path}.{i}"
        yield here, component
        yield from _walk(component.get("components") or [], f"{here}.components")
        if accessory := component.get("accessory"):
            yield f"{here}.accessory", accessory


def check_components(components: list[dict[str, Any]], v2: bool = False) -> None:
    if not v2:
        _at_most("components", components, 5)
        for i, row in enumerate(components):
            if row.get("type") != ACTION_ROW:
                raise form_error(f"components.{i}.type", "UNION_TYPE_CHOICES",
                                 "Value of field \"type\" must be one of (1,).")
            inner = row.get("components") or []
            if not inner:
                raise form_error(f"components.{i}.components", "BASE_TYPE_MIN_LENGTH",
                                 "Must be 1 or more in length.")
            _at_most(f"components.{i}.components", inner, 5)
            if any(c.get("type") in SELECTS for c in inner) and len(inner) > 1:
                raise form_error(f"components.{i}.components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                                 "The specified component exceeds the maximum width")
    found = list(_walk(components, "components"))
    if len(found) > (40 if v2 else 25):
        raise form_error("components", "COMPONENT_MAX_TOTAL_COMPONENTS_EXCEEDED",
                         f"Must have at most {40 if v2 else 25} components in total.")
    seen: set[str] = set()
    for path, component in found:
        if component.get("type") == BUTTON:
            _check_button(path, component)
        if component.get("type") in SELECTS:
            _at_most(f"{path}.placeholder", component.get("placeholder") or "", 150)
            options = component.get("options")
            if component.get("type") == 3:
                if not options:
                    raise form_error(f"{path}.options", "BASE_TYPE_MIN_LENGTH",
                                     "Must be 1 or more in length.")
                _at_most(f"{path}.options", options, 25)
        if "custom_id" in component:
            custom_id = component["custom_id"]
            if not isinstance(custom_id, str) or not custom_id:
                raise form_error(f"{path}.custom_id", "BASE_TYPE_REQUIRED",
                                 "This field is required")
            _at_most(f"{path}.custom_id", custom_id, 100)
            if custom_id in seen:
                raise form_error(f"{path}.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED",
                                 "Component custom id cannot be duplicated")
            seen.add(custom_id)


def _check_button(path: str, button: dict[str, Any]) -> None:
    _at_most(f"{path}.label", button.get("label") or "", 80)
    style = button.get("style")
    if style == 5:
        if not button.get("url") or "custom_id" in button:
            raise form_error(f"{path}.url", "BUTTON_COMPONENT_URL_REQUIRED",
                             "A url is required (and a custom_id not allowed) for link buttons")
    elif style in (1, 2, 3, 4):
        if not button.get("custom_id"):
            raise form_error(f"{path}.custom_id", "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED",
                             "A custom id required")
    elif style != 6:
        raise form_error(f"{path}.style", "BASE_TYPE_CHOICES",
                         "Value must be one of {1, 2, 3, 4, 5, 6}.")
    if not button.get("label") and not button.get("emoji") and style != 6:
        raise form_error(f"{path}.label", "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED",
                         "A label or an emoji is required")


def rows(components: list[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    """The buttons and menus of a message as rows of (label, custom_id) — (label, url) for a
    link button, (placeholder, custom_id) for a select menu; a button outside an action row
    (a section's accessory) is a row of its own."""
    found: list[list[tuple[str, str]]] = []

    def visit(items: list[dict[str, Any]]) -> None:
        for component in items:
            if component.get("type") == ACTION_ROW:
                found.append([_shown(c) for c in component.get("components") or []])
            elif component.get("type") == BUTTON:
                found.append([_shown(component)])
            else:
                visit(component.get("components") or [])
                visit([component["accessory"]] if component.get("accessory") else [])

    visit(components)
    return found


def _shown(component: dict[str, Any]) -> tuple[str, str]:
    label = component.get("label") or component.get("placeholder") or ""
    return label, component.get("custom_id") or component.get("url") or ""


def pinging(allowed_mentions: dict[str, Any] | None) -> str | None:
    """Why a message could ping someone, or None when its allowed_mentions let nobody be
    pinged ({"parse": []}, with no users, roles or replied_user)."""
    if allowed_mentions is None:
        return "no allowed_mentions: Discord parses every mention in the content"
    if (allowed_mentions.get("parse") or allowed_mentions.get("users")
            or allowed_mentions.get("roles") or allowed_mentions.get("replied_user")):
        return f"allowed_mentions {allowed_mentions!r} lets people be pinged"
    if "parse" not in allowed_mentions:
        return f"allowed_mentions {allowed_mentions!r} has no parse: []"
    return None


def check_commands(commands: list[dict[str, Any]]) -> None:
    """Refuse a bulk overwrite of application commands Discord would refuse."""
    if not isinstance(commands, list):
        raise form_error("_root", "BASE_TYPE_ARRAY", "Must be an array.")
    _at_most("_root", commands, 100)
    seen: set[tuple[int, str]] = set()
    for i, command in enumerate(commands):
        kind = int(command.get("type") or 1)
        _check_named(str(i), command, chat_input=kind == 1)
        if (kind, command["name"]) in seen:
            raise form_error(f"{i}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME",
                             f"Application command names must be unique ({command['name']})")
        seen.add((kind, command["name"]))
        _check_options(f"{i}.options", command.get("options") or [])


def _check_options(path: str, options: list[dict[str, Any]]) -> None:
    _at_most(path, options, 25)
    optional_seen = False
    for j, option in enumerate(options):
        here = f"{path}.{j}"
        _check_named(here, option, chat_input=True)
        if not 1 <= int(option.get("type") or 0) <= 11:
            raise form_error(f"{here}.type", "BASE_TYPE_CHOICES", "Value must be 1-11.")
        if option.get("required") and optional_seen:
            raise form_error(f"{here}.required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                             "Required options must be placed before non-required options")
        optional_seen = optional_seen or not option.get("required")
        choices = option.get("choices") or []
        _at_most(f"{here}.choices", choices, 25)
        for k, choice in enumerate(choices):
            name = choice.get("name") or ""
            if not 1 <= len(name) <= 100:
                raise form_error(f"{here}.choices.{k}.name", "BASE_TYPE_BAD_LENGTH",
                                 "Must be between 1 and 100 in length.")
        if option.get("type") in (1, 2):
            _check_options(f"{here}.options", option.get("options") or [])


def _check_named(path: str, item: dict[str, Any], chat_input: bool) -> None:
    name = item.get("name") or ""
    names = {"": name, **(item.get("name_localizations") or {})}
    descriptions = {"": item.get("description") or "",
                    **(item.get("description_localizations") or {})}
    for locale in [*names, *descriptions]:
        if locale and locale not in LOCALES:
            raise form_error(f"{path}.name_localizations.{locale}", "LOCALE_INVALID",
                             f"Invalid locale: {locale}")
    for locale, text in names.items():
        where = f"{path}.name" + (f"_localizations.{locale}" if locale else "")
        valid = COMMAND_NAME.match(text) and text == text.lower() if chat_input \
            else 1 <= len(text) <= 32
        if not valid:
            raise form_error(where, "APPLICATION_COMMAND_INVALID_NAME",
                             f"Command name is invalid: {text!r}")
    for locale, text in descriptions.items():
        where = f"{path}.description" + (f"_localizations.{locale}" if locale else "")
        if chat_input and not 1 <= len(text) <= 100:
            raise form_error(where, "BASE_TYPE_BAD_LENGTH",
                             "Must be between 1 and 100 in length.")
        if not chat_input and text:
            raise form_error(where, "APPLICATION_COMMAND_INVALID_DESCRIPTION",
                             "Description must be empty for user and message commands")
