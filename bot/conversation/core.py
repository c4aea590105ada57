"""One turn of conversation: who is writing, what they mean, doing it, and answering.

This is the only place where the network (storage) and the persona (bot) meet.
`handle` never raises: a refusal becomes one clear sentence, anything
unexpected is logged with its stack and answered with an apology.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from bot import actions as a
from bot.conversation import undo
from bot.conversation.execute import Turn, execute, resolve_references
from bot.conversation.linking import (
    join,
    merge,
    merge_answer,
    redact,
    redact_typed,
    set_aside,
    which_handle,
)
from bot.conversation.memory import ChatState, Done
from bot.conversation.onboarding import Onboarding, platform_language, schedule_answer
from bot.conversation.privacy import PrivateRefusal, private, reveals
from bot.conversation.receipts import replies_json
from bot.conversation.states import (
    ChatStates,
    DatabaseStates,
    InProcessStates,
    StateKey,
    VersionConflict,
    keep,
)
from bot.errors import Unclear
from bot.messages import Incoming, Reply, pressed
from bot.outcomes import Outcome
from bot.phrases import PHRASES, platform_name, say
from bot.replies import confirmation, refusal, render
from bot.understanding import Context, Understanding
from bot.understanding.llm import ModelUnderstanding
from bot.understanding.offline import describe
from bot.understanding.offline import understand as understand_words
from bot.understanding.rules import understand as understand_offline
from bot.understanding.smalltalk import (
    answer_key,
    asked_language,
    courtesy_only,
    is_more,
    never_mind,
    yes_or_no,
)
from bot.understanding.wording import french_lead, read
from storage import inbox, network
from storage.db import run_optimistically, session_scope, settle
from storage.errors import InvalidInput, NotFound, Reason, StorageError
from storage.handles import similar_handles
from storage.models import Person, utcnow
from storage.text import clean_post_text, new_handle, visible

log = logging.getLogger(__name__)

Understander = Callable[[str, Context], Understanding]
LANGUAGE_SWITCH = 2  # messages in a row leaning to the other language before Plaza follows
CERTAIN = 0.99  # an offline reading this sure came from the rules, not a guess
CLEARLY = 2  # more of a language's little words than the other's: it switches at once


def offline(text: str, context: Context) -> Understanding:
    """The offline understanding (rules, then the intent classifier), given the chat."""
    return understand_words(text, context)


def once(understand: Understander) -> Understander:
    """`understand`, asked at most once for each text: a turn started over reuses the
    first attempt's understanding, so it never calls a language model twice."""
    known: dict[str, Understanding] = {}

    def remembered(text: str, context: Context) -> Understanding:
        if text not in known:
            known[text] = understand(text, context)
        return known[text]

    return remembered


def _with_handles(session: Session, incoming: Incoming) -> Incoming:
    """`incoming` with each person its platform named by account (a Discord mention chip)
    written as "@" and their handle. Someone not on Plaza is written by their username
    when no one here holds it as a handle (so "there's no @sam" can be said), and left
    as the platform wrote it otherwise: that handle is somebody else's."""
    text = incoming.text
    for chip, external_id, username in incoming.mentions:
        if chip not in text:
            continue
        person = network.person_of(session, incoming.platform, external_id)
        if person is not None:
            text = text.replace(chip, f"@{person.handle}")
        elif network.person_by_handle(session, username.lower()) is None:
            text = text.replace(chip, f"@{username}")
    return incoming if text == incoming.text else replace(incoming, text=text)


# What a suspended account may not do (storage refuses it: storage.suspension): asked
# about, it is refused before the question.
_WRITES = (a.PostAction, a.ReplyAction, a.QuoteAction, a.EditPostAction, a.RepostAction,
           a.ChangeHandleAction, a.FollowAction, a.LikeAction, a.UpdateProfileAction)

class _Records:
    """The records of things done (memory.Done) one message leaves, one action at a time:
    `note` after each, `keep` at the end makes them one record (undo.together), so that
    "undo" takes back all the message did, not only its last action."""

    def __init__(self, memory: ChatState) -> None:
        self.memory, self.seen, self.done = memory, memory.last_done, list[Done]()

    def note(self) -> None:
        """After one action: its record, if it left a new one."""
        if self.memory.last_done is not self.seen and self.memory.last_done is not None:
            self.seen = self.memory.last_done
            self.done.append(self.seen)

    def keep(self) -> None:
        """The message's records as one, when it left more than one."""
        if len(self.done) > 1:
            self.memory.last_done = undo.together(self.done)


class AlreadyDone(Exception):
    """The update this turn was for was marked done by another worker meanwhile."""


def _remember(memory: ChatState, replies: list[Reply]) -> None:
    """What Plaza said in this chat, remembered; what went to another chat is that
    chat's memory."""
    for reply in replies:
        if reply.chat_id is None:
            memory.remember("plaza", redact(reply.text))


def _noted(note: str | None, replies: list[Reply]) -> list[Reply]:
    """`replies` with `note` (a remark said before the answer) opening the first."""
    if note and replies:
        replies[0] = replace(replies[0], text=f"{note}\n\n{replies[0].text}")
    return replies


def _publishes(text: str) -> bool:
    """Whether `text` publishes what it says: a post, a reply, a name or a bio (offline)."""
    return understand_offline(text).action.name in ("post", "reply", "update_profile")


def _link_code(incoming: Incoming) -> str | None:
    """The link code a message carries (as the offline rules read it), if it does."""
    if incoming.button:
        return None
    action = understand_offline(incoming.text).action
    return action.code if isinstance(action, a.LinkAction) else None


class Conversation:
    def __init__(
        self,
        engine: sa.Engine,
        understand: Understander = offline,
        clock: Callable[[], datetime] = utcnow,
        states: ChatStates | None = None,
    ) -> None:
        """`states` keeps each chat's state between turns: in this process unless
        given (bot/conversation/states.py; `plaza run` keeps them in the database)."""
        self.engine = engine
        self.understand = understand
        # Anything but the offline rules may wait on a network: it must hold no database lock.
        self.understanding_waits = understand is not offline
        # The model that may write explanations and catch-ups (bot.ai): the understanding's
        # own, so one breaker, one hourly limit and one usage count cover both.
        self.model = understand if isinstance(understand, ModelUnderstanding) else None
        self.clock = clock
        self.states = states if states is not None else InProcessStates()
        self.onboarding = Onboarding(self._first_turn)

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Plaza's replies to one message or press. The chat's state is loaded once,
        before anything else, and saved once, after the replies are remembered.

        The turn runs optimistically (storage.db.run_optimistically): on SQLite it
        takes no write lock unless it writes, so turns that only read (most of them)
        run beside a writer. A turn whose write finds another writer is started over
        once, from the state as loaded, asking the understanding nothing twice (one
        message costs at most one model call); the first attempt's replies are dropped.
        """
        replies = self._handle(incoming, received=False)
        assert replies is not None  # only an update from the inbox can be done already
        return replies

    def handle_received(self, incoming: Incoming) -> list[Reply] | None:
        """`handle` for an update kept in the inbox (storage/inbox.py; `incoming.update_id`
        names it): the update is marked done, with its replies and the chat's state, in
        the transaction of the turn's effects. None when another worker did it first
        (its hold on the chat lapsed): nothing is done twice, nothing is to be sent.

        Raises what the database raises when even marking it done fails: the update then
        stays in the inbox, to be done again by whoever finds it there.
        """
        if incoming.update_id is None:
            raise ValueError("an update from the inbox carries its update_id")
        return self._handle(incoming, received=True)

    def _handle(self, incoming: Incoming, received: bool) -> list[Reply] | None:
        key = StateKey(incoming.platform, incoming.chat_id, incoming.external_id)
        try:
            loaded, version = self.states.load(key)
        except Exception as error:  # the store unreachable: nothing done, apologised for
            if received:
                raise  # left in the inbox: done once the store answers again
            return self._failed(error, platform_language(incoming.language) or "en", incoming)
        # a newcomer choosing a handle keeps the language of their first message
        first_language = loaded.newcomer_language or platform_language(incoming.language) or "en"
        memory, language = loaded.copy(), first_language
        understand = once(self.understand)
        saved = False  # the state went with the turn's effects (handle_received)

        def turn(session: Session) -> list[Reply]:
            nonlocal memory, language, saved
            memory, language = loaded.copy(), first_language  # each attempt from the start
            saved = False
            replies = answer(session)
            if received:
                saved = self._finish(session, incoming, key, replies, memory, loaded, version)
            return replies

        def answer(session: Session) -> list[Reply]:
            nonlocal memory, language
            person = network.arrive(session, incoming.platform, incoming.external_id,
                                    None if incoming.group else incoming.chat_id,
                                    route=incoming.private_chat)
            named = _with_handles(session, incoming)
            sent = self._code_sent(session, named)
            if person is None:
                if sent is not None:  # joining an account elsewhere
                    return self._join(session, named, sent[0], memory, first_language)
                return self.onboarding.welcome(session, named, memory)
            language = person.language
            replies = self._turn(session, person, named, memory, understand, sent=sent)
            if named.opening and not named.group and not loaded.turns:
                # Their first private message to Plaza, after meeting it in a group: the
                # question a newcomer is asked at their first, about when digests come.
                memory.asking_schedule = True
                replies += self.onboarding.schedule_question(person, memory)
            return replies

        try:
            replies = self._run(turn)
        except AlreadyDone:
            log.info("update %s of %s was done by another worker", incoming.update_id,
                     incoming.platform)
            return None
        except Exception as error:  # answered; logged when unexpected
            replies = self._failed(error, language, incoming)
            saved = False  # if an attempt saved it, its rollback undid that
            if received:
                with session_scope(self.engine) as session:
                    if not inbox.finish(session, incoming.platform, str(incoming.update_id),
                                        replies_json(replies), self.clock()):
                        return None
        if not saved:
            _remember(memory, replies)
            self._keep(key, memory, loaded, version)
        return replies

    def _finish(self, session: Session, incoming: Incoming, key: StateKey,
                replies: list[Reply], memory: ChatState, loaded: ChatState,
                version: int) -> bool:
        """Mark the update done with its replies in the turn's own transaction (`session`),
        and save the chat's state there too when the states live in the database; whether
        the state was saved. Raises AlreadyDone when another worker finished the update.
        """
        if not inbox.finish(session, incoming.platform, str(incoming.update_id),
                            replies_json(replies), self.clock()):
            raise AlreadyDone
        if not isinstance(self.states, DatabaseStates):
            return False
        _remember(memory, replies)
        try:
            keep(self.states.within(session.connection()), key, memory, loaded, version)
        except VersionConflict:  # as _keep: what the turn did stands, logged
            log.error("chat state of %s not saved", key, exc_info=True)
        return True

    def _run(self, turn: Callable[[Session], list[Reply]]) -> list[Reply]:
        """`turn` as one unit of work (storage.db.run_optimistically), started over once on
        PostgreSQL when the rows it was writing for changed under it: its person merged into
        another account (storage/merge.py) or deleted, or a newcomer's account opened by
        another message at the same moment (a foreign key or a unique key broken, a row
        updated that is gone). Read again, the person is whoever the account is now. The
        checks before each write make these races only; SQLite, one writer at a time, has
        none of them."""
        try:
            return run_optimistically(self.engine, turn)
        except (sa.exc.IntegrityError, StaleDataError):
            if self.engine.dialect.name != "postgresql":
                raise
            log.info("a turn met its account changing under it; starting it over")
            return run_optimistically(self.engine, turn)

    def unreachable_privately(self, incoming: Incoming) -> Reply:
        """What the group reads when the private answer to `incoming` could not be
        delivered (the platform says the person's private chat is closed to Plaza), in the
        person's language."""
        language = platform_language(incoming.language) or "en"
        with session_scope(self.engine, read_only=True) as session:
            person = network.person_of(session, incoming.platform, incoming.external_id)
            if person is not None:
                language = person.language
        return Reply(say("private.closed", language))

    def may_wait(self, incoming: Incoming) -> bool:
        """Whether this turn may wait on a language model (Turns gives those threads of
        their own). False only when it surely will not: no model is configured, a button
        was pressed, the message answers what the chat is in the middle of (the branches
        `_turn` takes before understanding anything), or the offline rules are sure of it,
        which a model understanding acts on without a call (its fast path,
        bot/understanding/llm.py). Called under the chat's turn lock; reads the chat's
        state, changes nothing. True, to be safe, when the state cannot be read."""
        if not self.understanding_waits or incoming.button:
            return False
        text = incoming.text.strip()
        try:
            memory, _ = self.states.load(
                StateKey(incoming.platform, incoming.chat_id, incoming.external_id))
        except Exception:  # handle() meets the same failure, and answers it
            return True
        if (memory.awaiting_handle or (memory.replying_to is not None and text)
                or (memory.composing is not None and text)
                or (memory.pending and yes_or_no(text) is not None)
                or (memory.next_page and is_more(text))
                or (memory.asking_schedule and schedule_answer(text) is not None)):
            return False
        return not understand_words(text).sure

    def moved(self, platform: str, old_chat: str, new_chat: str) -> None:
        """A chat's new id (a group became a supergroup): what Plaza knew there follows it.

        Only chat states hold group chat ids: identities, and so digest routes, hold
        each person's private chat, which never moves.
        """
        self.states.move(platform, old_chat, new_chat)

    def _keep(self, key: StateKey, memory: ChatState, loaded: ChatState, version: int) -> None:
        """Save a turn's state (loaded as `loaded`, at `version`); a failure is logged, not
        raised: what the turn did is done, and its replies are still to be read."""
        try:
            keep(self.states, key, memory, loaded, version)
        except Exception:
            log.error("chat state of %s not saved", key, exc_info=True)

    def _first_turn(
        self, session: Session, person: Person, incoming: Incoming, memory: ChatState,
        kept: bool = False,
    ) -> list[Reply]:
        """A newcomer's first message, acted on right after the welcome (onboarding.py);
        `kept`: it waited while a handle was chosen.

        The new account is committed first, for good (storage.db.settle: the turn is not
        started over past it), so a refusal or a crash here costs this one answer, never
        the account or the greeting already written.
        """
        settle(session)
        language = person.language
        try:
            return self._turn(session, person, incoming, memory, self.understand,
                              greeted=True, kept=kept)
        except Exception as error:  # answered; logged when unexpected
            session.rollback()
            return self._failed(error, language, incoming)

    @staticmethod
    def _failed(error: Exception, language: str, incoming: Incoming) -> list[Reply]:
        """Clear sentences for a turn that could not be done; its stack logged if unexpected.

        A refusal that names a block is never said in a group (privacy.py): one
        raised while acting privately goes to the private chat, with a neutral line
        for the group.
        """
        if isinstance(error, PrivateRefusal):
            return [Reply(refusal(error.refusal, language), chat_id=error.chat_id),
                    Reply(say("private.sent", language))]
        if isinstance(error, StorageError):
            if incoming.group and reveals(error):
                return [Reply(say("error.private", language))]
            return [Reply(refusal(error, language))]
        if isinstance(error, Unclear):
            return [Reply(say(f"error.{error.key}", language))]
        log.error("turn failed on %s for %s", incoming.platform, incoming.external_id,
                  exc_info=error)
        return [Reply(say("error.crash", language))]

    def _turn(
        self,
        session: Session,
        person: Person,
        incoming: Incoming,
        memory: ChatState,
        understand: Understander,
        greeted: bool = False,
        kept: bool = False,
        sent: tuple[str, bool] | None = None,
    ) -> list[Reply]:
        """Plaza's answer to one message or press of a known person, understood (if need
        be) by `understand`; `greeted`: the welcome was just said to them, so small talk
        needs no second hello; `kept`: the message waited while their handle was chosen,
        so one not understood is not answered (a "not sure" about a message some turns
        back would only puzzle them); `sent`: the link code the message carries, and
        whether it is live (`_code_sent`)."""
        now = self.clock()
        text = incoming.text.strip()
        if incoming.button:
            return self._press(session, person, incoming, memory)
        note = None
        if sent is not None:
            code, live = sent
            if live and (memory.replying_to is not None or memory.composing is not None
                         or _publishes(text)):
                # Quoted in a post or a bio, a code is read by others: it stops working.
                network.spend(session, code, now)
                note = say("link.spent_published", person.language)
            else:
                memory.remember(person.handle, redact_typed(text))
                replies, memory.merging = join(session, incoming, code, person.language, now)
                return replies
        if memory.merging is not None:  # a link code entered: which handle to keep?
            merging, memory.merging = memory.merging, None
            choice = merge_answer(text, merging)
            if choice is None and understand_offline(text).action.name == "chat":
                choice = True  # no other request either: the question still stands
            if choice is False:
                return [Reply(set_aside(session, incoming, merging, "link.merge_cancelled",
                                        person.language))]
            if choice is True:
                memory.merging = merging
                return [which_handle(merging, person.language)]
            if choice is not None:
                return merge(session, incoming, merging, choice, person.language, now)
            # Asked for something else: the question is set aside, and said to be.
            note = set_aside(session, incoming, merging, "link.merge_dropped", person.language)
        return _noted(note, self._answered(session, person, incoming, memory, understand, now,
                                           text, greeted, kept))

    def _answered(
        self,
        session: Session,
        person: Person,
        incoming: Incoming,
        memory: ChatState,
        understand: Understander,
        now: datetime,
        text: str,
        greeted: bool,
        kept: bool,
    ) -> list[Reply]:
        """The rest of `_turn`: a question pending, a reply being written, "more", or what
        the words mean."""
        if memory.asking_schedule:  # the one optional question after /start
            memory.asking_schedule = False
            if (schedule := schedule_answer(text)) is not None:
                return self._act(session, person, schedule, memory, sender=incoming)
        if memory.pending and (answer := yes_or_no(text)) is not None:
            return self._answer(session, person, incoming, memory, answer, None)
        memory.pending = None  # any other message drops the question: nobody is trapped
        if memory.composing is not None and text:
            composing, memory.composing = memory.composing, None
            if (written := self._composed(session, person, incoming, memory, composing,
                                          text)) is not None:
                return written
        if memory.replying_to is not None and text:
            reply = a.ReplyAction(post=memory.replying_to, text=text)
            memory.replying_to = None
            return self._act(session, person, reply, memory, sender=incoming)
        if memory.next_page and is_more(text):
            action, before = memory.next_page
            return self._act(session, person, action, memory, before, incoming)
        context = Context(person.handle, person.language, person.timezone, tuple(memory.turns))
        memory.remember(person.handle, text)
        if self.understanding_waits:
            # A language model may take seconds: hold no lock and no connection meanwhile.
            # Should the turn be started over, what this commits (arrive's note of when
            # the person was last seen) is harmless to write again.
            session.commit()
        understanding = understand(text, context)
        spoken = person.language
        try:
            replies = self._understood(session, person, incoming, memory, understanding, now,
                                       greeted, kept)
        except (StorageError, Unclear) as error:
            if person.language == spoken:
                raise
            # The message switched languages and was then refused ("I can't find post #9"):
            # the refusal is said in the new language, and the switch stands (the network
            # checks before it writes: nothing of the refused action is half-done).
            replies = self._failed(error, person.language, incoming)
        # e.g. "my language model isn't answering", said once
        return _noted(understanding.note, replies) or (
            [Reply(understanding.note)] if understanding.note else [])

    def _composed(self, session: Session, person: Person, incoming: Incoming,
                  memory: ChatState, composing: tuple[str, int], text: str
                  ) -> list[Reply] | None:
        """The answer to "What should #3 say now?" (Understanding.compose): `text` is the
        words, written as asked, so the edit, quote or reply is done without asking again.
        A "no" or "cancel" drops it; a command ("/help", "post: …") is not words but a new
        request, and None lets it be read as one."""
        if never_mind(text):
            return [Reply(say("compose.cancelled", person.language))]
        if text.startswith("/") or understand_offline(text).explicit:
            return None
        # A message the rules read as something else to do ("follow @ava", "what's new?",
        # "edit #1" again) is that, not the words: a command taken as words would be
        # published. Only the rules' readings (CERTAIN), not the classifier's guesses:
        # "meet at 6pm" is words here, though alone it would set the digest's time.
        reading = understand_words(text)
        if reading.compose is not None or (reading.action.name != "chat"
                                           and reading.confidence >= CERTAIN):
            return None
        name, post = composing
        if not visible(text):  # the question still stands: "nothing to post, what then?"
            memory.composing = composing
            raise InvalidInput(Reason.empty, field="text")
        try:
            action = a.build(name, {"post": post, "text": text})
        except ValidationError:
            return None
        return self._act(session, person, action, memory, sender=incoming)

    def _understood(
        self,
        session: Session,
        person: Person,
        incoming: Incoming,
        memory: ChatState,
        understanding: Understanding,
        now: datetime,
        greeted: bool = False,
        kept: bool = False,
    ) -> list[Reply]:
        if self._follow_language(session, person, memory, understanding,
                                 incoming.text.strip()):
            # "speak french" is the whole message: however else it reads, that is its answer
            return [Reply(say("language.done", person.language))]
        action = understanding.action
        if understanding.compose is not None:  # "edit #3": which words? the next message
            name, ref = understanding.compose
            shown = resolve_references(session, person,
                                       a.ShowPostAction.model_validate({"post": ref}),
                                       memory.last_post, memory.last_person)
            post = shown.post if isinstance(shown, a.ShowPostAction) else None
            if isinstance(post, int) and post > a.POST_NUMBER_MAX:
                raise NotFound(Reason.post, id=post)
            if isinstance(post, int):
                network.writable(session, person, post, name)  # refused now, not after
                memory.composing = (name, post)
                return [Reply(say(f"compose.{name}", person.language, id=post))]
        if action.name == "chat":
            key = answer_key(incoming.text.strip())
            unread = understanding.answer is None or understanding.unknown
            if greeted and unread and (kept or key != "chat.unknown"):
                return []  # "hi there": the welcome has just said hello
            name = person.display_name or person.handle
            if key == "chat.unknown" and understanding.sure:  # small talk, surely: no shrug
                key = "chat.ack"
            text = understanding.answer or say(key, person.language, name=name)
            return [Reply(text)]
        action = resolve_references(session, person, action, memory.last_post, memory.last_person)
        if understanding.ask:  # the offline understanding is unsure: "Did you mean ...?"
            named = {k: v for k, v in action.args().items() if k in ("handle", "author")}
            for handle in named.values():  # nobody by that name: say so, or who is close
                try:
                    network.person_by_handle(session, str(handle))
                except NotFound as error:
                    if (close := self._did_you_mean(session, person, action, error,
                                                    memory)) is not None:
                        return [close]
                    raise
            more = tuple(resolve_references(session, person, each, memory.last_post,
                                            memory.last_person) for each in understanding.more)
            return [self._ask(session, person, action, memory, now, unsure=True, more=more)]
        if not understanding.more:
            return self._carry_out(session, person, incoming, action, understanding.explicit,
                                   memory, now)
        if not understanding.explicit and any(each.consequential
                                              for each in (action, *understanding.more)):
            # "block @a and @b": one question, one yes for all
            more = tuple(resolve_references(session, person, each, memory.last_post,
                                            memory.last_person) for each in understanding.more)
            return [self._ask(session, person, action, memory, now, more=more)]
        # "follow @lena and @omar": each in order, and one refused ("there's no @omar")
        # is said without undoing the others. The network checks before it writes, so a
        # refusal leaves nothing half-done.
        replies = []
        records = _Records(memory)
        for each in (action, *understanding.more):
            each = resolve_references(session, person, each, memory.last_post,
                                      memory.last_person)
            try:
                replies += self._carry_out(session, person, incoming, each,
                                           understanding.explicit, memory, now)
            except StorageError as error:
                replies += self._failed(error, person.language, incoming)
            records.note()
        records.keep()  # "undo" takes back all this message did
        return replies

    def _carry_out(
        self,
        session: Session,
        person: Person,
        incoming: Incoming,
        action: a.Action,
        explicit: bool,
        memory: ChatState,
        now: datetime,
    ) -> list[Reply]:
        """Ask first or act; a private matter raised in a group, in the private chat."""
        if isinstance(action, a.LinkAction) and action.code is not None:
            # A model's reading of a code the rules did not see (never a live one: those are
            # taken before any understanding, `_turn`). Before the privacy rule: a code
            # typed in a group is spent there, not carried out.
            replies, memory.merging = join(session, incoming, action.code, person.language, now)
            return replies
        if incoming.group and private(action, person.handle):
            return self._privately(session, person, incoming, action, explicit, now, memory)
        if isinstance(action, a.UndoAction) and undo.inverse(memory.last_done, now) is None:
            # nothing it could do: no question, the answer says why
            return self._act(session, person, action, memory, sender=incoming)
        if action.always_confirm or (action.consequential and not explicit):
            if isinstance(action, a.UnlinkAction):  # what would refuse it, said before asking
                network.unlinkable(session, person, action.platform,
                                   (str(incoming.platform), incoming.external_id))
            if isinstance(action, a.ChangeHandleAction):  # a handle it may never be ("undo")
                new_handle(action.new_handle)
            return [self._ask(session, person, action, memory, now)]
        return self._act(session, person, action, memory, sender=incoming)

    def _privately(
        self,
        session: Session,
        person: Person,
        incoming: Incoming,
        action: a.Action,
        explicit: bool,
        now: datetime,
        group_memory: ChatState,
    ) -> list[Reply]:
        """A private matter raised in a group (privacy.py), asked about, carried out and
        answered in the person's private chat, with its memory there, so their "yes" there
        answers it; the group reads one neutral line, and its memory (`group_memory`) that
        what was done is undone there."""
        chat = (network.private_chat(session, incoming.platform, incoming.external_id)
                or incoming.private_chat)
        if chat is None:
            return [Reply(say("error.private", person.language))]
        there = replace(incoming, chat_id=chat, group=False)
        key = StateKey(incoming.platform, chat, incoming.external_id)
        memory, version = self.states.load(key)
        loaded = memory.copy()
        try:
            replies = self._carry_out(session, person, there, action, explicit, memory, now)
        except StorageError as error:
            raise PrivateRefusal(error, chat) from error
        for reply in replies:
            memory.remember("plaza", redact(reply.text))
        if memory.last_done != loaded.last_done or (
                memory.pending is not None and memory.pending != loaded.pending):
            # done there, or asked there first: the group's record is no longer the last
            group_memory.last_done = undo.elsewhere(now)
        # What was done is committed before the save, for good: on SQLite, the one writer's
        # lock that this turn holds would keep a save in the database waiting for it, and
        # once the private chat's state is saved the turn must not be started over.
        settle(session)
        self._keep(key, memory, loaded, version)
        return [*(replace(reply, chat_id=chat) for reply in replies),
                Reply(say("private.sent", person.language))]

    def _act(
        self,
        session: Session,
        person: Person,
        action: a.Action,
        memory: ChatState,
        before: int | None = None,
        sender: Incoming | None = None,
    ) -> list[Reply]:
        """Carry out `action` for `person` now, answering `sender` (the message being
        answered: its platform and account); `before` continues a page."""
        language, now = person.language, self.clock()
        kept = undo.before(session, person, action)  # what undoing it would put back
        try:
            outcome: Outcome = execute(Turn(session, person, now, before, sender,
                                            memory.last_done, self.model), action)
        except NotFound as error:
            if (close := self._did_you_mean(session, person, action, error, memory)) is None:
                raise
            return [close]
        memory.last_post = outcome.subject_post or memory.last_post
        memory.last_person = outcome.subject_person or memory.last_person
        memory.next_page = (action, outcome.next_cursor) if outcome.next_cursor else None
        memory.last_done = undo.note(memory.last_done, action, outcome, kept, now)
        if action.name == "delete_account" or (
                isinstance(action, a.UnlinkAction) and sender is not None
                and action.platform == sender.platform):
            done, memory.last_done = memory.last_done, None
            memory.reset()  # the account this chat knew is gone from here
            # but "undo" still hears that this can't be undone (it holds nothing of theirs)
            memory.last_done = done
        return [render(outcome, language, now)]

    def _did_you_mean(self, session: Session, person: Person, action: a.Action,
                      error: NotFound, memory: ChatState) -> Reply | None:
        """For a handle that names nobody, the handles close to it (storage/handles.py):
        one is offered with Yes/No ("Did you mean @ethan?"), several are listed (then
        "the second one" picks); None when none is close or no handle was at fault."""
        typed = str(error.detail.get("handle", ""))
        field = next((name for name, value in action.args().items()
                      if name in ("handle", "author") and value == typed), None)
        if error.reason != Reason.person or field is None or person.id is None:
            return None
        close = similar_handles(session, typed, person.id)
        if not close:
            return None
        language = person.language
        if len(close) > 1:
            listed = say("error.person_close_or", language).join(f"@{h}" for h in close)
            return Reply(say("error.person_close_many", language, handle=typed,
                             handles=listed))
        pending = memory.ask(action.model_copy(update={field: close[0]}), self.clock())
        return confirmation("confirm.person_close", {"handle": typed, "close": close[0]},
                            pending.token, language)

    def _ask(self, session: Session, person: Person, action: a.Action, memory: ChatState,
             now: datetime, unsure: bool = False, more: tuple[a.Action, ...] = ()) -> Reply:
        """A Yes/No question before `action` (and `more`, done with it on one yes): its own
        preview for a consequential one, else (`unsure`: the understanding doubts its
        reading) "Did you mean: ...?"; several at once are listed. What could never be
        done is refused now, not after the "yes": a post or a person that is not there, or
        not for this person to see (NotFound), words that show nothing or are too long
        (storage.errors.InvalidInput), a suspended account's writing (NotAllowed)."""
        language = person.language
        for each in (action, *more):
            if isinstance(each, _WRITES) and person.suspended_at is not None:
                network.ensure_active(person)
            if isinstance(post := getattr(each, "post", None), int):
                network.visible_post(session, person, post)
            if isinstance(handle := getattr(each, "handle", None), str) and handle not in (
                    a.THAT, a.ME):
                network.person_by_handle(session, handle)
            if isinstance(each, a.PostAction | a.ReplyAction | a.QuoteAction
                          | a.EditPostAction):
                clean_post_text(each.text)
                if courtesy_only(each.text):  # "post pls": no words were given
                    raise InvalidInput(Reason.empty, field="text")
        pending = memory.ask(action, now, more)
        if more:
            listed = "\n".join(f"• {describe(each, language)}" for each in (action, *more))
            return confirmation("confirm.several", {"listed": listed}, pending.token, language)
        fields = action.model_dump(exclude_none=True)
        key = f"confirm.{action.name}"
        if unsure and key not in PHRASES:
            return confirmation("confirm.unsure", {"what": describe(action, language)},
                                pending.token, language)
        if getattr(action, "visibility", None) == "followers":
            key = f"{key}_followers"
        if isinstance(action, a.ReplyAction | a.RepostAction | a.DeletePostAction
                      | a.EditPostAction | a.QuoteAction):
            fields["id"] = action.post
        if isinstance(action, a.UnlinkAction):
            fields["platform"] = platform_name(action.platform, language)
        if isinstance(action, a.UndoAction):  # what it would do, or nothing to preview
            inverses = undo.inverses(memory.last_done, now)
            if not inverses:
                key = "confirm.unsure"
            fields["what"] = say("undo.and", language).join(
                describe(each, language) for each in inverses or [action])
        if isinstance(action, a.ReportAction):
            key = "confirm.report" if action.post is not None else "confirm.report_person"
            fields["why"] = say("report.reason", language, reason=action.reason) \
                if action.reason else ""
        return confirmation(key, fields, pending.token, language)

    def _answer(
        self, session: Session, person: Person, incoming: Incoming, memory: ChatState, yes: bool,
        token: str | None,
    ) -> list[Reply]:
        pending = memory.take_pending(self.clock(), token)
        if pending is None:
            key = "button.stale" if token else "confirm.expired"
            return [Reply(say(key, person.language))]
        if not yes:
            return [Reply(say("confirm.cancelled", person.language))]
        records = _Records(memory)
        replies = self._act(session, person, pending.action, memory, sender=incoming)
        records.note()
        for each in pending.more:  # one refused is said; the others stand
            try:
                replies += self._act(session, person, each, memory, sender=incoming)
            except StorageError as error:
                replies += self._failed(error, person.language, incoming)
            records.note()
        records.keep()  # one yes for all, one undo for all
        return replies

    def _press(
        self, session: Session, person: Person, incoming: Incoming, memory: ChatState
    ) -> list[Reply]:
        """A press on one of Plaza's buttons: explicit, so it acts without asking."""
        verb, value = pressed(incoming.button)
        if verb in ("yes", "no"):
            return self._answer(session, person, incoming, memory, verb == "yes", value)
        if verb == "merge":
            return self._merge_pressed(session, person, incoming, memory, value)
        if verb == "more" and memory.next_page:
            action, before = memory.next_page
            return self._act(session, person, action, memory, before, incoming)
        if verb == "reply" and value.isdigit():
            memory.replying_to = int(value)
            return [Reply(say("reply.compose", person.language, id=value))]
        if verb == "like" and value.isdigit():
            return self._act(session, person, a.LikeAction(post=int(value)), memory,
                             sender=incoming)
        if verb == "open" and value.isdigit():
            return self._act(session, person, a.ShowPostAction(post=int(value)), memory,
                             sender=incoming)
        if verb == "follow" and value:
            return self._carry_out(session, person, incoming, a.FollowAction(handle=value),
                                   True, memory, self.clock())
        return [Reply(say("button.stale", person.language))]

    def _merge_pressed(
        self, session: Session, person: Person, incoming: Incoming, memory: ChatState, value: str
    ) -> list[Reply]:
        """A press on the merge question's buttons: "<token>:<handle to keep>", or
        "<token>:" to cancel; a press on an older question's buttons does nothing."""
        token, _, keep = value.partition(":")
        merging = memory.merging
        if merging is None or token != merging.token:
            return [Reply(say("button.stale", person.language))]
        memory.merging = None
        if not keep:
            return [Reply(set_aside(session, incoming, merging, "link.merge_cancelled",
                                    person.language))]
        if keep not in merging.handles:
            return [Reply(say("button.stale", person.language))]
        return merge(session, incoming, merging, keep, person.language, self.clock())

    def _code_sent(self, session: Session, incoming: Incoming) -> tuple[str, bool] | None:
        """The link code `incoming` sends, and whether it is live: one the offline rules read
        in it ("link 7KQ-4MX-P2Z", a code alone), or else any live code anywhere in it
        (storage.linking.live_code_in), however it was worded, so that a live code never
        reaches a language model nor the chat's memory; None for a button or no code."""
        if incoming.button or not incoming.text:
            return None
        if (typed := _link_code(incoming)) is not None:
            return typed, False
        live = network.live_code_in(session, incoming.text, self.clock())
        return None if live is None else (live, True)

    def _join(self, session: Session, incoming: Incoming, code: str, memory: ChatState,
              language: str) -> list[Reply]:
        """Someone with no account typing a link code: their platform account joins the
        account that asked for it, and whatever a newcomer is asked (a handle) is
        forgotten; a wrong code changes nothing but the count of wrong tries."""
        replies, _ = join(session, incoming, code, language, self.clock())
        if network.person_of(session, incoming.platform, incoming.external_id) is not None:
            memory.awaiting_handle, memory.newcomer_language = False, None
            memory.first_message = None
        return replies

    def _follow_language(
        self, session: Session, person: Person, memory: ChatState, understanding: Understanding,
        text: str,
    ) -> bool:
        """Speak the language the person writes in, from the reply to the message that
        switches: at once when they ask for it ("speak french", "parle anglais": True is
        returned) or when a message is clearly in the other language (CLEARLY: a sentence,
        not a word); after LANGUAGE_SWITCH messages in a row when each only leans to it
        ("merci" alone is no switch). A language asked for holds in this chat whatever the
        messages are written in (someone learning French writes in English), until
        another is asked for.

        Commands ("post: …", /follow) say little about a language and don't count.
        """
        if (asked := asked_language(text)) is not None:
            memory.language_streak = 0
            memory.language_chosen = True
            if asked != person.language:
                network.update_settings(session, person, language=asked)
            return True
        language = None if understanding.explicit else understanding.language
        if language is None or memory.language_chosen:
            return False
        if language == person.language:
            memory.language_streak = 0
            return False
        memory.language_streak += 1
        lead = french_lead(read(text))
        if (memory.language_streak >= LANGUAGE_SWITCH
                or (lead if language == "fr" else -lead) >= CLEARLY):
            network.update_settings(session, person, language=language)
            memory.language_streak = 0
        return False
