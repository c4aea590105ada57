"""The fake Discord speaks Discord to the real discord.py 2.7, and refuses what Discord refuses.

A plain discord.Client (not Plaza's adapter) logs in over a real socket, reads gateway
events, sends, answers interactions and meets the rate limits; plain aiohttp calls check
the refusals themselves.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
import yarl

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord
    from discord import app_commands

from tests.fakes.discord_server import Channel, FakeDiscord, Guild, User

ALICE = User(1001, "alice", "Alice")
BOB = User(1002, "bob", None, locale="fr")
JAZZ = Guild(7001, "Jazz", [Channel(7101, "general", 7001), Channel(7102, "random", 7001)])
MANY = Guild(8001, "Many", [Channel(8100 + n, f"c{n}", 8001) for n in range(30)])


@pytest.fixture(autouse=True)
def pointed_nowhere() -> Iterator[None]:
    """discord.py's URLs are class attributes: whatever a test points them at, put them back."""
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


def _client(**options: Any) -> discord.Client:
    return discord.Client(intents=discord.Intents.default(),
                          allowed_mentions=discord.AllowedMentions.none(),
                          guild_ready_timeout=0.05, **options)


@asynccontextmanager
async def running(fake: FakeDiscord, client: discord.Client,
                  tree: app_commands.CommandTree | None = None) -> AsyncIterator[discord.Client]:
    """`client` logged in to `fake` and connected until the block ends."""
    discord.http.Route.BASE = fake.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    await client.login(fake.token)
    if tree is not None:
        await tree.sync()
    task = asyncio.create_task(client.connect())
    try:
        await asyncio.wait_for(client.wait_until_ready(), 10)
        yield client
    finally:
        await client.close()
        await task


def _view(*buttons: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(button)
    return view


class Like(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"like:(?P<post>[0-9]+)"):
    """A button whose custom_id carries the post it likes, so it outlives the process."""

    def __init__(self, post: int) -> None:
        super().__init__(discord.ui.Button(label="Like", custom_id=f"like:{post}"))
        self.post = post

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> Like:
        return cls(int(match["post"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=f"liked post {self.post}")


# -- the real client against the fake ---------------------------------------------------


async def test_the_client_logs_in_reads_a_dm_and_replies_quietly_with_buttons() -> None:
    client = _client()

    @client.event
    async def on_message(message: discord.Message) -> None:
        if message.author.id == ALICE.id:
            view = _view(discord.ui.Button(label="Yes", custom_id="yes"),
                         discord.ui.Button(label="No", custom_id="no"))
            await message.reply(f"you said {message.content}", view=view)

    async with FakeDiscord(guilds=[JAZZ], heartbeat_ms=200) as fake, running(fake, client):
        asked = fake.dm(ALICE, "hello")
        [reply] = await fake.wait_for(fake.dm_channel_of(ALICE), 1)
        assert client.get_channel(7101) is not None  # GUILD_CREATE cached the guild's channels
    assert reply.content == "you said hello" and reply.reference == asked
    assert reply.components == [[("Yes", "yes"), ("No", "no")]]
    assert reply.allowed_mentions == {"parse": []} and fake.pinging == [] and fake.refused == []
    assert fake.dm_channel_of(ALICE) != ALICE.id
    assert fake.connections.identifies == 1 and fake.connections.compression == ["zlib-stream"]
    assert fake.connections.intents == discord.Intents.default().value
    logins = [(method, route) for _, method, route in fake.requests][:2]
    assert logins == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]


async def test_a_slash_command_reaches_its_callback_which_defers_and_follows_up() -> None:
    client = _client()
    tree = app_commands.CommandTree(client)
    seen: list[str] = []

    @tree.command(name="post", description="Post to Plaza")
    async def post(interaction: discord.Interaction, text: str, times: int = 1) -> None:
        seen.append(f"{text}x{times}")
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send(f"posted {text}", ephemeral=True)
        await interaction.followup.send("and one for everyone")

    async with FakeDiscord(guilds=[JAZZ]) as fake, running(fake, client, tree):
        assert [c["name"] for c in fake.commands] == ["post"]
        asked = fake.slash(ALICE, "post", {"text": "hi", "times": "2"})
        first, second = await fake.wait_for(fake.dm_channel_of(ALICE), 2)
    assert seen == ["hix2"]
    [(kind, seconds, flags)] = fake.responses[asked]
    assert (kind, flags) == (5, 64) and seconds < 3
    assert (first.content, first.ephemeral, first.interaction_id) == ("posted hi", True, asked)
    assert (second.content, second.ephemeral) == ("and one for everyone", False)
    assert fake.pinging == [] and fake.refused == []


async def test_a_button_press_reaches_a_dynamic_item_which_updates_its_message() -> None:
    client = _client()
    client.add_dynamic_items(Like)
    async with FakeDiscord(guilds=[JAZZ]) as fake, running(fake, client):
        channel = client.get_channel(7101)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("a post", view=_view(Like(7)))
        [shown] = await fake.wait_for(7101, 1)
        pressed = fake.press(BOB, shown, "like:7", channel=JAZZ.channels[0])
        _, updated = await fake.wait_for(7101, 2)
    assert [kind for kind, _, _ in fake.responses[pressed]] == [7]
    assert updated.message_id == shown.message_id and updated.edited
    assert updated.content == "liked post 7" and updated.custom_ids() == ["like:7"]


@pytest.mark.parametrize("code", [4000, None], ids=["closed-4000", "dropped"])
async def test_a_dropped_gateway_is_resumed_without_losing_what_came_meanwhile(
        code: int | None) -> None:
    client = _client()
    heard: list[str] = []
    both = asyncio.Event()

    @client.event
    async def on_message(message: discord.Message) -> None:
        heard.append(message.content)
        if len(heard) == 2:
            both.set()

    async with FakeDiscord(heartbeat_ms=200) as fake, running(fake, client):
        fake.dm(ALICE, "before")
        fake.disconnect(code)
        fake.dm(ALICE, "while down")
        await asyncio.wait_for(both.wait(), 10)
    assert heard == ["before", "while down"]
    assert (fake.connections.identifies, fake.connections.resumes) == (1, 1)
    assert fake.connections.paths == ["/gateway/", "/gateway/resume/"]


async def test_a_user_who_cannot_be_written_to_surfaces_as_forbidden_50007() -> None:
    async with FakeDiscord() as fake, running(fake, _client()) as client:
        fake.add_user(ALICE)
        fake.unreachable.add(ALICE.id)
        dm = await client.create_dm(discord.Object(ALICE.id))
        assert dm.id == fake.dm_channel_of(ALICE)
        with pytest.raises(discord.Forbidden) as refused:
            await dm.send("hello")
    assert refused.value.code == 50007 and fake.sent[dm.id] == []


async def test_content_over_2000_characters_is_refused() -> None:
    async with FakeDiscord(guilds=[JAZZ]) as fake, running(fake, _client()) as client:
        channel = client.get_channel(7101)
        assert isinstance(channel, discord.TextChannel)
        with pytest.raises(discord.HTTPException) as refused:
            await channel.send("x" * 2001)
        await channel.send("x" * 2000)
    assert (refused.value.status, refused.value.code) == (400, 50035)
    assert "2000 or fewer" in refused.value.text
    assert [len(s.content) for s in fake.sent[7101]] == [2000]
    assert fake.refused == ["POST /channels/{channel_id}/messages: content: "
                            "Must be 2000 or fewer in length."]


async def test_a_burst_over_a_route_bucket_is_answered_429_and_retried_by_discord_py() -> None:
    buckets = {"POST /channels/{channel_id}/messages": (3, 0.5)}
    async with FakeDiscord(guilds=[JAZZ], buckets=buckets) as fake, \
            running(fake, _client()) as client, aiohttp.ClientSession() as other:
        channel = client.get_channel(7101)
        assert isinstance(channel, discord.TextChannel)
        for n in range(3):  # another process with the same token uses up the bucket
            await _post(other, fake, 7101, {"content": f"other {n}",
                                            "allowed_mentions": {"parse": []}})
        await channel.send("mine")
        await channel.send("mine too")
    assert fake.too_many_route >= 1 and fake.too_many_global == 0
    assert [s.content for s in fake.sent[7101]][-2:] == ["mine", "mine too"]


async def test_sends_to_many_channels_over_the_global_limit_get_global_429s() -> None:
    async with FakeDiscord(guilds=[MANY], global_per_second=20) as fake, \
            running(fake, _client()) as client:
        channels = [client.get_channel(c.id) for c in MANY.channels]
        await asyncio.gather(*[c.send(f"to {c.name}") for c in channels  # type: ignore[union-attr]
                               if isinstance(c, discord.TextChannel)])
    assert fake.too_many_global >= 1
    assert sorted(len(fake.sent[c.id]) for c in MANY.channels) == [1] * 30


async def test_files_go_as_multipart_and_autocomplete_gets_its_choices() -> None:
    client = _client()
    tree = app_commands.CommandTree(client)

    async def topics(interaction: discord.Interaction, current: str
                     ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in ("jazz", "java") if
                t.startswith(current)]

    @tree.command(name="digest", description="Your digest as a file")
    @app_commands.autocomplete(topic=topics)
    async def digest(interaction: discord.Interaction, topic: str) -> None:
        news = discord.File(io.BytesIO(b"news"), "digest.txt")
        await interaction.response.send_message(f"digest on {topic}", file=news)

    async with FakeDiscord(guilds=[JAZZ]) as fake, running(fake, client, tree):
        channel = client.get_channel(7102)
        assert isinstance(channel, discord.TextChannel)
        await channel.send(file=discord.File(io.BytesIO(b"\x89PNG"), "chart.png"))
        typing = fake.autocomplete(ALICE, "digest", "topic", "ja", channel=JAZZ.channels[1])
        await fake.wait_until(lambda: typing in fake.choices)
        fake.slash(ALICE, "digest", {"topic": "jazz"}, channel=JAZZ.channels[1])
        chart, answer = await fake.wait_for(7102, 2)
    assert chart.files == [("chart.png", b"\x89PNG")] and chart.content == ""
    assert [c["value"] for c in fake.choices[typing]] == ["jazz", "java"]
    assert (answer.content, answer.files) == ("digest on jazz", [("digest.txt", b"news")])


async def test_guild_messages_lose_their_content_unless_the_bot_is_mentioned() -> None:
    client = _client()
    heard: list[str] = []

    @client.event
    async def on_message(message: discord.Message) -> None:
        heard.append(message.content)

    async with FakeDiscord(guilds=[JAZZ]) as fake, running(fake, client):
        fake.channel_message(BOB, JAZZ.channels[0], "not for the bot")
        asked = fake.channel_message(BOB, JAZZ.channels[0], "what's new?", mention_bot=True)
        fake.redeliver(asked)  # Discord may deliver an event twice
        await fake.wait_until(lambda: len(heard) == 3)
    mention = f"<@{fake.bot_user.id}>"
    assert heard == ["", f"{mention} what's new?", f"{mention} what's new?"]


async def test_scripted_faults_answer_instead_of_the_route() -> None:
    async with FakeDiscord(guilds=[JAZZ]) as fake, running(fake, _client()) as client:
        channel = client.get_channel(7101)
        assert isinstance(channel, discord.TextChannel)
        fake.fail_next("POST", r"/channels/7101/messages", 429, times=2)
        await channel.send("after two 429s")
        fake.fail_next("POST", r"/channels/\d+/messages", 403, code=50013)
        with pytest.raises(discord.Forbidden) as refused:
            await channel.send("not allowed")
    assert refused.value.code == 50013 and fake.too_many == 0
    assert [s.content for s in fake.sent[7101]] == ["after two 429s"]


# -- the fake's own rules, over plain HTTP ------------------------------------------------


async def _post(session: aiohttp.ClientSession, fake: FakeDiscord, channel_id: int,
                payload: Any, token: str | None = None) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bot {token or fake.token}"}
    url = f"{fake.api_url}/channels/{channel_id}/messages"
    async with session.post(url, json=payload, headers=headers) as answer:
        return answer.status, await answer.json()


def _row(*custom_ids: str, label: str = "b") -> dict[str, Any]:
    return {"type": 1, "components": [{"type": 2, "style": 1, "label": label, "custom_id": c}
                                      for c in custom_ids]}


@pytest.mark.parametrize(("payload", "why"), [
    ({"content": "x" * 2001}, "content: Must be 2000 or fewer"),
    ({"content": " "}, "Cannot send an empty message"),
    ({"content": "x", "components": [_row(f"r{n}") for n in range(6)]},
     "components: Must be 5 or fewer"),
    ({"content": "x", "components": [_row(*[f"b{n}" for n in range(6)])]},
     "components.0.components: Must be 5 or fewer"),
    ({"content": "x", "components": [_row("a", label="l" * 81)]}, "label: Must be 80 or fewer"),
    ({"content": "x", "components": [_row("c" * 101)]}, "custom_id: Must be 100 or fewer"),
    ({"content": "x", "components": [_row("a"), _row("a")]}, "cannot be duplicated"),
    ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]},
     "Embed size exceeds maximum size of 6000"),
])
async def test_the_fake_refuses_what_discord_refuses(payload: dict[str, Any], why: str) -> None:
    async with FakeDiscord(guilds=[JAZZ]) as fake, aiohttp.ClientSession() as session:
        status, body = await _post(session, fake, 7101, payload)
    assert status == 400 and body["code"] in (50035, 50006)
    assert len(fake.refused) == 1 and why in fake.refused[0] and fake.sent[7101] == []


async def test_the_fake_checks_the_token_and_counts_pings() -> None:
    async with FakeDiscord(guilds=[JAZZ]) as fake, aiohttp.ClientSession() as session:
        status, body = await _post(session, fake, 7101, {"content": "hi"}, token="wrong")
        assert (status, body) == (401, {"message": "401: Unauthorized", "code": 0})
        status, _ = await _post(session, fake, 7101, {"content": "hi @everyone"})
    assert status == 200 and len(fake.pinging) == 1 and "no allowed_mentions" in fake.pinging[0]


async def test_every_answer_carries_its_buckets_headers() -> None:
    async with FakeDiscord(guilds=[JAZZ]) as fake, aiohttp.ClientSession() as session:
        headers = {"Authorization": f"Bot {fake.token}"}
        async with session.post(f"{fake.api_url}/channels/7101/messages", headers=headers,
                                json={"content": "hi", "allowed_mentions": {"parse": []}}) as a:
            assert a.headers["Content-Type"] == "application/json"
            assert (a.headers["X-RateLimit-Limit"], a.headers["X-RateLimit-Remaining"]) == (
                "5", "4")
            assert float(a.headers["X-RateLimit-Reset-After"]) <= 5.0
            assert a.headers["X-RateLimit-Bucket"] and a.headers["Via"]


async def test_an_interaction_is_answered_once_and_within_its_deadline() -> None:
    async with FakeDiscord(interaction_deadline=0.0) as fake, aiohttp.ClientSession() as s:
        fake.commands = [{"id": "1", "name": "post", "type": 1, "options": []}]
        late = fake.slash(ALICE, "post")
        url = f"{fake.api_url}/interactions/{late}/{fake.interactions[late].token}/callback"
        async with s.post(url, json={"type": 5}) as answer:
            assert answer.status == 404 and (await answer.json())["code"] == 10062
        fake.interaction_deadline = 3.0
        asked = fake.slash(ALICE, "post")
        url = f"{fake.api_url}/interactions/{asked}/{fake.interactions[asked].token}/callback"
        async with s.post(url, json={"type": 4, "data": {"content": "ok"}}) as answer:
            assert answer.status == 200
            assert (await answer.json())["resource"]["message"]["content"] == "ok"
        async with s.post(url, json={"type": 4, "data": {"content": "again"}}) as answer:
            assert answer.status == 400 and (await answer.json())["code"] == 40060
    assert [late_id for late_id, _ in fake.late] == [late]
    assert [kind for kind, _, _ in fake.responses[asked]] == [4]


@pytest.mark.parametrize("command", [
    {"name": "Post", "description": "x"},
    {"name": "post now", "description": "x"},
    {"name": "p" * 33, "description": "x"},
    {"name": "post", "description": ""},
    {"name": "post", "description": "d" * 101},
    {"name": "post", "description": "x", "name_localizations": {"xx": "poster"}},
    {"name": "post", "description": "x", "options": [
        {"name": "a", "description": "a", "type": 3},
        {"name": "b", "description": "b", "type": 3, "required": True}]},
])
async def test_the_fake_refuses_commands_discord_refuses(command: dict[str, Any]) -> None:
    async with FakeDiscord() as fake, aiohttp.ClientSession() as session:
        url = f"{fake.api_url}/applications/{fake.application_id}/commands"
        headers = {"Authorization": f"Bot {fake.token}"}
        async with session.put(url, data=json.dumps([command]), headers=headers) as answer:
            assert answer.status == 400 and (await answer.json())["code"] == 50035
    assert fake.commands == [] and len(fake.refused) == 1
