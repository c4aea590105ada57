"""A local fake Discord (REST API and gateway) on a real socket, for the real discord.py 2.7.

    async with FakeDiscord(guilds=[JAZZ]) as fake:
        discord.http.Route.BASE = fake.api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        ...  # client.login(fake.token); client.connect()
        fake.dm(alice, "post: hello")              # Alice writes to the bot
        [reply] = await fake.wait_for(fake.dm_channel_of(alice), 1)

It keeps Discord's rules where Plaza could break them and answers as Discord does:

- messages (POST /channels/{id}/messages, JSON or multipart with files) are checked like
  Discord checks them (discord_rules) and recorded per channel in `sent`; a refused one
  answers 400 and is listed in `refused`; one whose allowed_mentions would let anyone be
  pinged is accepted but listed in `pinging`; a DM to a user in `unreachable` answers
  403, code 50007;
- interactions: a callback must come within 3 seconds of the interaction and only once
  (else 404 10062 / 400 40060); `responses` keeps (type, seconds, flags) per interaction;
  responses and followups land in `sent` with `ephemeral` and `interaction_id`;
- application commands (PUT /applications/{id}/commands) are validated and kept in
  `commands` (guild ones in `guild_commands`), echoed back with ids;
- rate limits and scripted faults: discord_limits / discord_api; the gateway:
  discord_gateway. Guild messages lose their content, embeds, attachments and components
  when the bot identified without the MESSAGE_CONTENT intent and is not mentioned, as
  Discord strips them (DMs keep theirs).
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

from tests.fakes.discord_api import Call, DiscordApi
from tests.fakes.discord_gateway import Connections, Gateway
from tests.fakes.discord_limits import Limit
from tests.fakes.discord_people import (
    Channel,
    Guild,
    Sent,
    User,
    attachment,
    dm_channel,
    message,
    now_iso,
    snowflake,
)
from tests.fakes.discord_rules import (
    EPHEMERAL,
    FILE_LIMIT,
    Refusal,
    check_commands,
    check_message,
    form_error,
    pinging,
    rows,
)

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.fake.discord-token-for-tests-only"
APPLICATION_ID = 1000000000000000000
MESSAGE_CONTENT = 1 << 15  # the privileged gateway intent
PERMISSIONS = "1071698660929"  # what an ordinary member may do, as interactions carry it
LOADING = 1 << 7  # the flag of a deferred response's "thinking" message
# Which callback types answer which interaction types (2 command, 3 component,
# 4 autocomplete, 5 modal submit).
CALLBACKS = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}
OPTION_TYPES = {3: str, 4: int, 5: bool, 10: float}


@dataclass
class Interaction:
    """An interaction the fake dispatched, and how it has been answered so far."""

    id: int
    token: str
    type: int
    channel_id: int
    guild_id: int | None
    created: float  # time.monotonic()
    message_id: int | None = None  # the message a component was pressed on
    acknowledged: int | None = None  # the callback type that answered it
    original: int | None = None  # the response message, once there is one
    loading: bool = False  # deferred with type 5: the first followup fills the original
    ephemeral: bool = False


class FakeDiscord(DiscordApi):
    def __init__(self, token: str = TOKEN, guilds: Sequence[Guild] = (),
                 global_per_second: int = 50, heartbeat_ms: int = 41250,
                 buckets: dict[str, Limit] | None = None, application_id: int = APPLICATION_ID,
                 bot_name: str = "Plaza", interaction_deadline: float = 3.0) -> None:
        super().__init__(token, global_per_second, buckets)
        self.application_id = application_id
        self.bot_user = User(application_id, bot_name.lower(), bot_name, bot=True)
        self.owner = User(application_id + 1, "owner", "Owner")
        self.guilds = list(guilds)
        self.interaction_deadline = interaction_deadline
        self.users: dict[int, User] = {}
        self.unreachable: set[int] = set()
        self.sent: dict[int, list[Sent]] = defaultdict(list)
        self.pinging: list[str] = []
        self.commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.responses: dict[int, list[tuple[int, float, int]]] = defaultdict(list)
        self.late: list[tuple[int, float]] = []  # (interaction id, seconds) of late callbacks
        self.choices: dict[int, list[dict[str, Any]]] = {}  # autocomplete results
        self.deleted: list[int] = []
        self.messages: dict[int, dict[str, Any]] = {}  # every message by id, latest version
        self.interactions: dict[int, Interaction] = {}
        self._friends: dict[tuple[int, int], int] = {}  # (user, friend) -> their DM channel
        self.events: dict[int, tuple[str, dict[str, Any]]] = {}  # message/interaction id
        self._dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self._dm_users: dict[int, User] = {}  # DM channel id -> user
        self._channels = {c.id: c for g in self.guilds for c in g.channels}
        self._nonces: dict[tuple[int, str], dict[str, Any]] = {}
        self._command_ids: dict[tuple[int | None, int, str], int] = {}
        self.gateway = Gateway(token, heartbeat_ms, self._greeting, self._changed)
        self._app.router.add_get("/gateway/", self.gateway.handle)
        self._app.router.add_get(self.gateway.resume_path, self.gateway.handle)
        self._routes()

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.gateway.base_url = self.base_url.replace("http://", "ws://", 1)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.gateway.close()
        await super().__aexit__(*exc)

    # -- what the test reads -----------------------------------------------------------

    @property
    def gateway_url(self) -> str:
        return self.gateway.url

    @property
    def connections(self) -> Connections:
        return self.gateway.connections

    async def wait_for(self, channel_id: int, count: int, timeout: float = 10.0) -> list[Sent]:
        """The first `count` messages in `channel_id`, once that many have arrived."""
        await self.wait_until(lambda: len(self.sent[channel_id]) >= count, timeout)
        return self.sent[channel_id][:count]

    async def wait_connected(self, timeout: float = 10.0) -> None:
        """Return once a client has identified or resumed and is receiving events."""
        await self.wait_until(lambda: self.gateway.live is not None, timeout)

    def dm_channel_of(self, user: User | int) -> int:
        """The id of the bot's DM channel with `user`: the same every time, never the user's."""
        if isinstance(user, User):
            self.add_user(user)
        user_id = user.id if isinstance(user, User) else user
        if user_id not in self._dm_channels:
            channel_id = snowflake()
            self._dm_channels[user_id] = channel_id
            self._dm_users[channel_id] = self.users.get(user_id) or User(user_id, f"u{user_id}")
        return self._dm_channels[user_id]

    def add_user(self, *users: User) -> None:
        """Users Discord knows (the bot may open a DM with them); helpers add theirs."""
        for user in users:
            self.users[user.id] = user

    # -- the gateway's greeting --------------------------------------------------------

    def _greeting(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        ready = {"user": self._me(), "guilds": [{"id": str(g.id), "unavailable": True}
                                                for g in self.guilds],
                 "application": {"id": str(self.application_id), "flags": 1 << 19},
                 "private_channels": [], "relationships": [], "presences": [],
                 "geo_ordered_rtc_regions": [], "user_settings": {}, "_trace": ["fake"]}
        members = list(self.users.values())
        return ready, [g.payload(self.bot_user, members) for g in self.guilds]

    def _me(self) -> dict[str, Any]:
        return self.bot_user.payload() | {"verified": True, "mfa_enabled": False,
                                          "email": None, "locale": "en-US"}

    # -- what people do ----------------------------------------------------------------

    def dm(self, user: User, text: str, **fields: Any) -> int:
        """`user` writes `text` to the bot in their DM: MESSAGE_CREATE; answers the message
        id. `fields` add or override anything: attachments ([(filename, bytes)] or dicts),
        sticker_items, type (7: a system message), webhook_id, author (a User or dict),
        message_reference (a message id or dict)."""
        channel_id = self.dm_channel_of(user)
        return self._create(user, channel_id, text, None, fields)

    def channel_message(self, user: User, channel: Channel, text: str, mention_bot: bool = False,
                        reply_to: Sent | None = None, **fields: Any) -> int:
        """`user` writes `text` in a guild text channel; `mention_bot` puts <@BOT_ID> in front
        (and the bot in `mentions`); `reply_to` makes it a reply to a message of the bot."""
        mention = f"<@{self.bot_user.id}>"
        if mention_bot and mention not in text:
            text = f"{mention} {text}"
        mentioned = mention_bot or reply_to is not None
        extra: dict[str, Any] = {"guild_id": str(channel.guild_id),
                                 "member": {k: v for k, v in user.member().items() if k != "user"}}
        if mentioned:
            extra["mentions"] = [self.bot_user.payload() | {"member": self.bot_user.member()}]
        if reply_to is not None:
            extra["message_reference"] = reply_to.message_id
        return self._create(user, channel.id, text, channel, extra | fields)

    def edit(self, message_id: int, text: str) -> int:
        """The author edits an earlier message to `text`: MESSAGE_UPDATE."""
        body = self.messages[message_id] | {"content": text, "edited_timestamp": now_iso()}
        self.messages[message_id] = body
        self.gateway.dispatch("MESSAGE_UPDATE", body)
        return message_id

    def slash(self, user: User, name: str, options: dict[str, object] | None = None,
              channel: Channel | None = None, locale: str = "en-US",
              with_friend: User | None = None) -> int:
        """`user` runs the registered slash command `name` with `options` (values typed as
        the command declares them; a subcommand's options as a nested dict), in their DM
        or in `channel`: INTERACTION_CREATE type 2; answers the interaction id."""
        command = self._command(name, channel)
        resolved: dict[str, dict[str, Any]] = {}
        data: dict[str, Any] = {"id": command["id"], "name": name, "type": 1,
                                "options": _options(command.get("options") or [],
                                                    options or {}, resolved)}
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return self._interact(2, user, channel, data, locale, friend=with_friend)

    def autocomplete(self, user: User, name: str, option: str, partial_value: str,
                     channel: Channel | None = None, options: dict[str, object] | None = None,
                     locale: str = "en-US") -> int:
        """`user` is typing `partial_value` into `option` of `name`: INTERACTION_CREATE
        type 4 with that option focused (`options`: others already filled)."""
        command = self._command(name, channel)
        filled = _options(command.get("options") or [], options or {}, {})
        filled.append({"name": option, "type": 3, "value": partial_value, "focused": True})
        data = {"id": command["id"], "name": name, "type": 1, "options": filled}
        return self._interact(4, user, channel, data, locale)

    def press(self, user: User, sent: Sent, custom_id: str, channel: Channel | None = None,
              values: list[str] | None = None, locale: str = "en-US", forge: bool = False
              ) -> int:
        """`user` presses the button `custom_id` under `sent` (or picks `values` in its select
        menu): INTERACTION_CREATE type 3, carrying the message as it is now. `forge`: even
        a custom_id the message does not show (a client that makes one up)."""
        shown = self.messages[sent.message_id]
        shows = Sent(0, 0, "", rows(shown.get("components") or [])).custom_ids()
        if custom_id not in shows and not forge:
            raise LookupError(f"no component {custom_id!r} under message {sent.message_id}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if values is not None:
            data |= {"component_type": 3, "values": values}
        where = channel or self._channels.get(sent.channel_id)
        return self._interact(3, user, where, data, locale, shown)

    def redeliver(self, event: int | dict[str, Any]) -> int:
        """Deliver an earlier event (by the id a helper answered, or its body) once more,
        with a new sequence number; answers that number."""
        if isinstance(event, int):
            name, body = self.events[event]
        else:
            name, body = ("INTERACTION_CREATE" if "token" in event else "MESSAGE_CREATE"), event
        return self.gateway.dispatch(name, body)

    def disconnect(self, code: int | None = 4000) -> None:
        """Drop the gateway connection (close `code`; None: abruptly, as a network failure);
        discord.py resumes, and what was dispatched meanwhile comes with the resume."""
        self.gateway.disconnect(code)

    def invalidate(self, resumable: bool = False) -> None:
        """INVALID_SESSION (op 9): the client must identify anew (or resume, if resumable).
        discord.py waits 5 s before a second IDENTIFY."""
        self.gateway.send_op(9, resumable)

    def _create(self, user: User, channel_id: int, text: str, channel: Channel | None,
                fields: dict[str, Any]) -> int:
        self.add_user(user)
        author = fields.pop("author", user)
        files = [attachment(*a) if isinstance(a, tuple) else a
                 for a in fields.pop("attachments", [])]
        reference = fields.pop("message_reference", None)
        if isinstance(reference, int):
            reference = {"message_id": str(reference), "channel_id": str(channel_id)}
        if reference is not None:
            fields["message_reference"] = reference
            fields.setdefault("type", 19)
            if (replied := self.messages.get(int(reference["message_id"]))) is not None:
                fields["referenced_message"] = replied
        message_id = snowflake()
        body = message(message_id, channel_id, author.payload() if isinstance(author, User)
                       else author, text, attachments=files, **fields)
        self.messages[message_id] = body
        if channel is not None and self._content_hidden(body):
            body = body | {"content": "", "embeds": [], "attachments": [], "components": []}
        self.events[message_id] = ("MESSAGE_CREATE", body)
        self.gateway.dispatch("MESSAGE_CREATE", body)
        return message_id

    def _content_hidden(self, body: dict[str, Any]) -> bool:
        intents = self.connections.intents
        mentioned = any(int(u["id"]) == self.bot_user.id for u in body.get("mentions", []))
        return intents is not None and not intents & MESSAGE_CONTENT and not mentioned

    def _command(self, name: str, channel: Channel | None) -> dict[str, Any]:
        local = self.guild_commands.get(channel.guild_id, []) if channel else []
        for command in [*local, *self.commands]:
            if command["name"] == name and command.get("type", 1) == 1:
                return command
        raise LookupError(f"no slash command {name!r} registered")

    def _interact(self, kind: int, user: User, channel: Channel | None, data: dict[str, Any],
                  locale: str, shown: dict[str, Any] | None = None,
                  friend: User | None = None) -> int:
        """`friend`: the command is used through a user install in `user`'s DM with that
        friend, where Plaza is not a member (context 2, PRIVATE_CHANNEL)."""
        self.add_user(user)
        interaction_id, token = snowflake(), f"aW50-{uuid.uuid4().hex}{uuid.uuid4().hex}"
        body: dict[str, Any] = {
            "id": str(interaction_id), "application_id": str(self.application_id),
            "type": kind, "data": data, "token": token, "version": 1, "locale": locale,
            "app_permissions": PERMISSIONS, "entitlements": [],
            "attachment_size_limit": FILE_LIMIT}
        if friend is not None:
            channel_id = self._friends.setdefault((user.id, friend.id), snowflake())
            body |= {"channel_id": str(channel_id), "user": user.payload(), "context": 2,
                     "channel": dm_channel(channel_id, friend),
                     "authorizing_integration_owners": {"1": str(user.id)}}
        elif channel is None:
            channel_id = self.dm_channel_of(user)
            body |= {"channel_id": str(channel_id), "user": user.payload(), "context": 1,
                     "channel": dm_channel(channel_id, user),
                     "authorizing_integration_owners": {"0": "0"}}
        else:
            channel_id = channel.id
            body |= {"channel_id": str(channel.id), "guild_id": str(channel.guild_id),
                     "channel": channel.payload(), "member": user.member(PERMISSIONS),
                     "guild_locale": "en-US", "context": 0,
                     "guild": {"id": str(channel.guild_id), "locale": "en-US", "features": []},
                     "authorizing_integration_owners": {"0": str(channel.guild_id)}}
        if shown is not None:
            body["message"] = shown
        self.interactions[interaction_id] = Interaction(
            interaction_id, token, kind, channel_id, channel.guild_id if channel else None,
            time.monotonic(), int(shown["id"]) if shown else None)
        self.events[interaction_id] = ("INTERACTION_CREATE", body)
        self.gateway.dispatch("INTERACTION_CREATE", body)
        return interaction_id

    # -- the REST API ------------------------------------------------------------------

    def _routes(self) -> None:
        route = self.route
        route("GET", "/users/@me", self._get_me)
        route("GET", "/oauth2/applications/@me", self._get_application)
        route("GET", "/gateway", self._get_gateway)
        route("GET", "/gateway/bot", self._get_gateway_bot)
        route("POST", "/users/@me/channels", self._open_dm)
        route("GET", "/channels/{channel_id}", self._get_channel)
        route("POST", "/channels/{channel_id}/messages", self._send)
        route("POST", "/channels/{channel_id}/typing", self._typing)
        route("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message)
        route("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message)
        route("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message)
        interaction = {"token": False, "exempt": True}
        route("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
              self._callback, **interaction)
        original = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
        route("GET", original, self._get_original, **interaction)
        route("PATCH", original, self._edit_original, **interaction)
        route("DELETE", original, self._delete_original, **interaction)
        route("POST", "/webhooks/{webhook_id}/{webhook_token}", self._followup, **interaction)
        route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
              self._edit_followup, **interaction)
        for where in ("", "/guilds/{guild_id}"):
            commands = f"/applications/{{application_id}}{where}/commands"
            route("PUT", commands, self._put_commands)
            route("GET", commands, self._get_commands)

    async def _get_me(self, call: Call) -> dict[str, Any]:
        return self._me()

    async def _get_application(self, call: Call) -> dict[str, Any]:
        return {"id": str(self.application_id), "name": self.bot_user.global_name,
                "icon": None, "description": "", "summary": "", "type": None,
                "bot_public": True, "bot_require_code_grant": False, "owner": self.owner.payload(),
                "team": None, "verify_key": "0" * 64, "flags": 1 << 19, "tags": [],
                "interactions_endpoint_url": None, "redirect_uris": [], "rpc_origins": [],
                "approximate_guild_count": len(self.guilds), "bot": self.bot_user.payload(),
                "integration_types_config": {"0": {}}}

    async def _get_gateway(self, call: Call) -> dict[str, Any]:
        return {"url": self.gateway_url}

    async def _get_gateway_bot(self, call: Call) -> dict[str, Any]:
        return {"url": self.gateway_url, "shards": 1, "session_start_limit": {
            "total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1}}

    async def _open_dm(self, call: Call) -> dict[str, Any]:
        try:
            user = self.users[int((call.payload or {})["recipient_id"])]
        except (KeyError, ValueError, TypeError):
            raise Refusal(400, 50035, reason="recipient_id: Unknown User") from None
        return dm_channel(self.dm_channel_of(user), user)

    async def _get_channel(self, call: Call) -> dict[str, Any]:
        channel_id = call.int("channel_id")
        if channel_id in self._dm_users:
            return dm_channel(channel_id, self._dm_users[channel_id])
        if channel_id in self._channels:
            return self._channels[channel_id].payload()
        raise Refusal(404, 10003)

    async def _typing(self, call: Call) -> None:
        self._channel(call)

    async def _send(self, call: Call) -> dict[str, Any]:
        channel_id = self._channel(call)
        payload = call.payload or {}
        _check_files(call.files)
        check_message(payload, len(call.files))
        reference = (payload.get("message_reference") or {}).get("message_id")
        if reference is not None and int(reference) not in self.messages and \
                payload["message_reference"].get("fail_if_not_exists", True):
            raise form_error("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                             "Unknown message")
        nonce = (channel_id, str(payload.get("nonce")))
        if payload.get("enforce_nonce") and nonce in self._nonces:
            return self._nonces[nonce]  # Discord answers the message that nonce already made
        body = self._nonces[nonce] = self._record(channel_id, payload, call.files)
        return body

    def _channel(self, call: Call) -> int:
        channel_id = call.int("channel_id")
        if channel_id in self._dm_users:
            if self._dm_users[channel_id].id in self.unreachable:
                raise Refusal(403, 50007)
        elif channel_id not in self._channels:
            raise Refusal(404, 10003)
        return channel_id

    async def _get_message(self, call: Call) -> dict[str, Any]:
        return self._message(call.int("message_id"))

    async def _edit_message(self, call: Call) -> dict[str, Any]:
        old = self._message(call.int("message_id"))
        check_message(call.payload or {}, len(call.files), edit=True)
        return self._record(int(old["channel_id"]), call.payload or {}, call.files, edit=old)

    async def _delete_message(self, call: Call) -> None:
        self._message(call.int("message_id"))
        self.deleted.append(call.int("message_id"))

    def _message(self, message_id: int) -> dict[str, Any]:
        if message_id not in self.messages:
            raise Refusal(404, 10008)
        return self.messages[message_id]

    def _record(self, channel_id: int, payload: dict[str, Any], files: list[tuple[str, bytes]],
                interaction: Interaction | None = None, ephemeral: bool = False,
                edit: dict[str, Any] | None = None, message_id: int | None = None
                ) -> dict[str, Any]:
        """Keep a message the bot sent (or a new version of `edit`) and answer its object."""
        message_id = int(edit["id"]) if edit else message_id or snowflake()
        keep = {k: edit[k] for k in ("content", "embeds", "components", "attachments")
                } if edit else {}
        fields = {k: payload[k] for k in ("content", "embeds", "components")
                  if payload.get(k) is not None}
        uploads = [attachment(name, data) for name, data in files]
        flags = int(payload.get("flags") or 0) | (EPHEMERAL if ephemeral else 0)
        merged = keep | fields | {"flags": flags & ~LOADING}
        body = message(message_id, channel_id, self.bot_user.payload(),
                       merged.pop("content", ""), **merged)
        if uploads:
            body["attachments"] = uploads
        if edit:
            body["edited_timestamp"] = now_iso()
        if channel_id in self._channels:
            body["guild_id"] = str(self._channels[channel_id].guild_id)
        reference = payload.get("message_reference")
        if reference and not edit:
            body |= {"type": 19, "message_reference": reference,
                     "referenced_message": self.messages.get(int(reference["message_id"]))}
        if interaction is not None:
            body |= {"webhook_id": str(self.application_id),
                     "application_id": str(self.application_id),
                     "interaction_metadata": {"id": str(interaction.id),
                                              "type": interaction.type,
                                              "user": self.bot_user.payload()}}
        self.messages[message_id] = body
        allowed = payload.get("allowed_mentions")
        sent = Sent(message_id, channel_id, body["content"], rows(body["components"]),
                    list(files), allowed, bool(flags & EPHEMERAL),
                    interaction.id if interaction else None, body["embeds"],
                    int(reference["message_id"]) if reference else None, payload,
                    edited=edit is not None, at=time.monotonic())
        self.sent[channel_id].append(sent)
        if "content" in payload and (why := pinging(allowed)):
            self.pinging.append(f"message {message_id} in channel {channel_id}: {why}")
        return body

    # -- interactions ------------------------------------------------------------------

    async def _callback(self, call: Call) -> dict[str, Any]:
        found = self.interactions.get(call.int("interaction_id"))
        if found is None or found.token != call.params["interaction_token"]:
            raise Refusal(404, 10062)
        seconds = time.monotonic() - found.created
        if found.acknowledged is not None:
            raise Refusal(400, 40060, reason=f"interaction {found.id} answered twice")
        if seconds > self.interaction_deadline:
            self.late.append((found.id, seconds))
            raise Refusal(404, 10062)
        payload = call.payload or {}
        kind, data = int(payload.get("type") or 0), payload.get("data") or {}
        flags = int(data.get("flags") or 0)
        if kind not in CALLBACKS.get(found.type, set()):
            raise form_error("type", "INTERACTION_RESPONSE_TYPE_INVALID",
                             f"callback type {kind} cannot answer interaction type {found.type}")
        resource: dict[str, Any] | None = None
        if kind == 4:
            _check_files(call.files)
            check_message(data, len(call.files))
            resource = self._record(found.channel_id, data, call.files, found,
                                    bool(flags & EPHEMERAL))
        elif kind == 5:
            found.loading, found.ephemeral = True, bool(flags & EPHEMERAL)
            resource = message(snowflake(), found.channel_id, self.bot_user.payload(), "",
                               flags=LOADING | (flags & EPHEMERAL))
            self.messages[int(resource["id"])] = resource
        elif kind == 6:
            found.original = found.message_id
        elif kind == 7:
            check_message(data, len(call.files), edit=True)
            assert found.message_id is not None
            resource = self._record(found.channel_id, data, call.files, found,
                                    edit=self.messages[found.message_id])
        elif kind == 8:
            choices = data.get("choices") or []
            if len(choices) > 25:
                raise form_error("data.choices", "BASE_TYPE_MAX_LENGTH",
                                 "Must be 25 or fewer in length.")
            self.choices[found.id] = choices
        found.acknowledged = kind
        if resource is not None:
            found.original = int(resource["id"])
        self.responses[found.id].append((kind, seconds, flags))
        answer: dict[str, Any] = {"interaction": {
            "id": str(found.id), "type": found.type,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & EPHEMERAL)}, "resource": {"type": kind}}
        if found.original is not None:
            answer["interaction"]["response_message_id"] = str(found.original)
        if resource is not None:
            answer["resource"]["message"] = resource
        return answer

    def _answered(self, call: Call) -> Interaction:
        """The acknowledged interaction whose webhook the call names, or Discord's 404."""
        found = next((i for i in self.interactions.values()
                      if i.token == call.params["webhook_token"]), None)
        if call.params["webhook_id"] != str(self.application_id) or found is None \
                or found.acknowledged is None:
            raise Refusal(404, 10015)
        return found

    async def _followup(self, call: Call) -> dict[str, Any] | None:
        found = self._answered(call)
        payload = call.payload or {}
        _check_files(call.files)
        check_message(payload, len(call.files))
        if found.loading:  # the first followup after a deferral fills the "thinking" message
            found.loading = False
            assert found.original is not None
            body = self._record(found.channel_id, payload, call.files, found, found.ephemeral,
                                message_id=found.original)
        else:
            flags = int(payload.get("flags") or 0)
            body = self._record(found.channel_id, payload, call.files, found,
                                bool(flags & EPHEMERAL))
        return body if call.request.query.get("wait") in ("1", "true", "True") else None

    async def _get_original(self, call: Call) -> dict[str, Any]:
        found = self._answered(call)
        if found.original is None:
            raise Refusal(404, 10008)
        return self.messages[found.original]

    async def _edit_original(self, call: Call) -> dict[str, Any]:
        found = self._answered(call)
        if found.original is None:
            raise Refusal(404, 10008)
        payload = call.payload or {}
        check_message(payload, len(call.files), edit=True)
        if found.loading:
            found.loading = False
            return self._record(found.channel_id, payload, call.files, found, found.ephemeral,
                                message_id=found.original)
        old = self.messages[found.original]
        return self._record(found.channel_id, payload, call.files, found,
                            bool(old.get("flags", 0) & EPHEMERAL), edit=old)

    async def _delete_original(self, call: Call) -> None:
        found = self._answered(call)
        if found.original is None:
            raise Refusal(404, 10008)
        self.deleted.append(found.original)

    async def _edit_followup(self, call: Call) -> dict[str, Any]:
        found = self._answered(call)
        old = self._message(call.int("message_id"))
        check_message(call.payload or {}, len(call.files), edit=True)
        return self._record(found.channel_id, call.payload or {}, call.files, found,
                            bool(old.get("flags", 0) & EPHEMERAL), edit=old)

    # -- application commands ----------------------------------------------------------

    async def _put_commands(self, call: Call) -> list[dict[str, Any]]:
        if call.params["application_id"] != str(self.application_id):
            raise Refusal(403, 50001)
        check_commands(call.payload)
        guild = int(call.params["guild_id"]) if "guild_id" in call.params else None
        echoed = []
        for command in call.payload:
            kind = int(command.get("type") or 1)
            key = (guild, kind, command["name"])
            command_id = self._command_ids.setdefault(key, snowflake())
            echoed.append({
                "description": "", "options": [], "default_member_permissions": None,
                "nsfw": False, "name_localizations": None, "description_localizations": None,
                **command, "id": str(command_id), "application_id": str(self.application_id),
                "version": str(snowflake()), "type": kind,
                **({"guild_id": str(guild)} if guild else {})})
        if guild is None:
            self.commands = echoed
        else:
            self.guild_commands[guild] = echoed
        return echoed

    async def _get_commands(self, call: Call) -> list[dict[str, Any]]:
        if "guild_id" in call.params:
            return self.guild_commands.get(int(call.params["guild_id"]), [])
        return self.commands


def _check_files(files: list[tuple[str, bytes]]) -> None:
    """At most 10 files, each within the upload limit (413, code 40005, as Discord)."""
    if len(files) > 10:
        raise form_error("files", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    if any(len(data) > FILE_LIMIT for _, data in files):
        raise Refusal(413, 40005)


def _options(declared: list[dict[str, Any]], given: dict[str, object],
             resolved: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The options of a command interaction, each typed as the command declares it."""
    found = []
    for name, value in given.items():
        option = next((o for o in declared if o["name"] == name), None)
        if option is None:
            raise LookupError(f"the command has no option {name!r}")
        kind = int(option["type"])
        if kind in (1, 2):
            assert isinstance(value, dict)
            found.append({"name": name, "type": kind,
                          "options": _options(option.get("options") or [], value, resolved)})
            continue
        if kind in OPTION_TYPES:
            typed: object = OPTION_TYPES[kind](value)
        elif isinstance(value, User):
            typed = str(value.id)
            resolved.setdefault("users", {})[typed] = value.payload()
        elif isinstance(value, Channel):
            typed = str(value.id)
            resolved.setdefault("channels", {})[typed] = value.payload() | {
                "permissions": PERMISSIONS}
        else:
            typed = str(value)
        found.append({"name": name, "type": kind, "value": typed})
    return found


__all__ = ["TOKEN", "Channel", "FakeDiscord", "Guild", "Sent", "User"]
