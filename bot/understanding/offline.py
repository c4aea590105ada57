"""The offline understanding: the rules first, then the intent classifier and its slots.

    understand("follow @alice")            -> follow(alice), sure (the rules)
    understand("folow my friend sarah")    -> follow(sarah), sure (classifier 0.9+)
    understand("follow @lena and @omar")   -> follow(lena), more=(follow(omar),)
    understand("and ava too", context)     -> the last request again, for @ava
    understand("hmm sarah maybe")          -> chat, with an answer naming the closest actions

The confidence policy (probabilities of the classifier, intents/model.py):
- the rules match the whole message: act (their precision is measured by
  tests/understanding/test_rules.py), unless the words are not a command form and the
  classifier is all but certain of another reading (`_vetoed`);
- the classifier gives an action at least SURE, its arguments are all there and every
  handle was written with its @: act (a consequential action still asks first, as for
  any inferred wording);
- at least ASK: ask one short question with Yes/No buttons ("Did you mean: follow
  @sarah?"): `Understanding.ask`;
- small talk at least SMALL_TALK, or first (at TALK_FLOOR) with no action at LEANING:
  chat, `sure`
  (a model need not write the answer to "ok cool"); with an action at LEANING or more
  ("block out the noise"), the closest answer below;
- something Plaza cannot do yet ("edit #175", "unlike 12"): said so, with what to do
  instead;
- otherwise: chat, answered with the two closest things Plaza can do, never the same
  generic sentence.
Probabilities are capped when most of the message's words were never seen in training
(`known_share`): a linear model extrapolates with confidence far from its data.
With a language model configured only what is not `sure` reaches it (bot/understanding/llm.py).
The thresholds were set on generated phrasings only (intents/generate.py), never on a
blind set.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from bot.actions import (
    ACTIONS,
    COMPOSED,
    ME,
    THAT,
    Action,
    ReplyAction,
    SwitchNotificationsAction,
    build,
)
from bot.phrases import PHRASES, kind_names, say
from bot.understanding import Context, Understanding, spoken, texting
from bot.understanding.intents import slots
from bot.understanding.intents.model import classifier
from bot.understanding.intents.templates import FOLLOW_UPS, NOT_YET
from bot.understanding.rules import understand as understand_by_rules
from bot.understanding.smalltalk import courtesy, yes_or_no
from bot.understanding.wording import guess_language, read
from storage.text import fold

SURE = 0.8
ASK = 0.45
SMALL_TALK = 0.9  # small talk this sure is answered offline, even with a model
TALK_FLOOR = 0.3  # small talk first but under this is no reading at all
LEANING = 0.1  # below SMALL_TALK, small talk whose runner-up has this much gets the closest
VETO = 0.9
# Shares of a message's words the training phrasings knew, under which it is not read.
UNKNOWN_WORDS = 0.3
STRANGE_WORDS = 0.5

_CHAT = build("chat")
# Asking which one applies to the last request again; a missing argument of these is asked for.
_MISSING = {**dict.fromkeys(slots.HANDLE_ACTIONS, "ask.handle"),
            **dict.fromkeys((*slots.POST_ACTIONS, "reply"), "ask.post"),
            "post": "ask.text", "search": "ask.query", "unlink": "ask.platform",
            "update_profile": "ask.profile", "edit_post": "ask.edit", "quote": "ask.quote",
            "change_handle": "ask.new_handle", "report": "ask.report",
            "switch_notifications": "ask.kinds", "quiet_hours": "ask.quiet_hours",
            "steer": "ask.steer", "unsteer": "ask.unsteer"}


def missing(label: str, language: str) -> str | None:
    """The question asking for what an action named `label` needs and was not given
    ("Who do you mean? Give me their @handle, like “follow @alice”."), None when the
    action has no such question."""
    if (key := _MISSING.get(label)) is None:
        return None
    example = _build(label, {"handle": "alice"} if key == "ask.handle"
                     else {"post": 12, "text": "nice!"} if label == "reply"
                     else {"post": 12, "text": "…"} if label in ("edit_post", "quote")
                     else {"post": 12})
    return say(key, language, example=describe(example, language) if example else "")


@lru_cache(maxsize=4096)
def _rank(text: str) -> list[tuple[str, float]]:
    """The classifier's ranking of `text`, computed once: a turn asks for it several times
    (the rules' veto, a loose rule's confirmation, the reading itself)."""
    return classifier().rank(text)


def describe(action: Action | str, language: str) -> str:
    """What `action` does in a few words ("follow @sarah"), or what an action of that
    name does in general ("follow someone") when given a name."""
    if isinstance(action, str):
        return say(f"do.{action}_", language) if f"do.{action}_" in PHRASES else action
    args = action.args()
    if isinstance(action, SwitchNotificationsAction):  # its kinds named in a sentence
        key = "do.switch_notifications_on" if action.on else "do.switch_notifications_off"
        return say(key, language, kinds=kind_names(action.kinds, language))
    if f"do.{action.name}" in PHRASES:
        try:
            return say(f"do.{action.name}", language, **args)
        except KeyError:  # an optional argument the phrase names was not given
            pass
    return describe(action.name, language)


def _build(name: str, args: dict[str, Any]) -> Action | None:
    try:
        return build(name, args)
    except (ValidationError, KeyError):
        return None


def _previous_request(context: Context | None) -> Action | None:
    """What the person asked in their last message, as the offline understanding reads it."""
    if context is None:
        return None
    for who, said in reversed(context.turns):
        if who != "plaza":
            found = understand(said)
            return None if found.action.name == "chat" else found.action
    return None


_SHOWN_POST = re.compile(r"#(\d+)|n°\s?(\d+)")


_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]\s*|[•·-]\s*)?@([a-z0-9_]{2,30})", re.M)


def _listed(text: str, kind: str) -> list[str]:
    """Handles, or post numbers as Plaza shows them (#12, n°12: never a list's "1.").
    When lines open with a handle (people suggested, a feed), only those: "followed by
    @sarah" under a suggestion is no item of the list."""
    low = text.lower()
    if kind == "handle":
        found = _LIST_ITEM.findall(low) or slots._AT_HANDLE.findall(low)
    else:
        found = [a or b for a, b in _SHOWN_POST.findall(low)]
    return list(dict.fromkeys(found))


def _last_replies(context: Context) -> list[str]:
    """Plaza's replies since the person's last message, in order."""
    replies: list[str] = []
    for who, said in reversed(context.turns):
        if who != "plaza":
            break
        replies.insert(0, said)
    return replies


_QUOTED = re.compile(r"“[^”]*”|«[^»]*»")


def _last_listed(context: Context | None, kind: str) -> list[str]:
    """The handles (kind "handle") or post numbers ("post") of Plaza's last reply, in
    order, less those the person's own last message named ("I don't know anyone called
    @sarah. Did you mean @sarah_b or @sarah_k?" lists two)."""
    if context is None:
        return []
    # What Plaza quotes is no item it listed: an example ("Give me its number, like
    # “like #12”") or a post's words (“see you there @bob”).
    plaza = _QUOTED.sub(" ", "\n".join(_last_replies(context)))
    own = next((said for who, said in reversed(context.turns) if who != "plaza"), "")
    named = set(_listed(own, kind))
    return [item for item in _listed(plaza, kind) if item not in named]


_ORDINAL = re.compile(r"\b(?:the|le|la|les|number|numero|no)?\s*(?:(?:two|three|deux|trois)\s+)?"
                      r"(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|\d+(?:st|nd|rd|th|er|e|eme)?|premier|premiere|deuxieme|"
                      r"seconde?|troisieme|dernier|derniere)s?\b(?:\s+(?:ones?|un|une|person|posts?|"
                      r"two|three|deux|trois|and|et|&)\b)*")


def _pick_verb(text: str) -> Action | None:
    """The action a pick names itself ("like the first one" -> like), as a template with
    a placeholder argument, or None when it names none ("the second one")."""
    rest = _ORDINAL.sub(" ", fold(text)).strip()
    if not rest:
        return None
    label, confidence = _rank(rest)[0]
    if label not in ACTIONS or label == "chat" or confidence < SURE:
        # one verb alone ("partage") may read weakly, or close to its opposite
        # ("unrepost"): the action the whole pick leans to, among the actions
        actions = [(name, p) for name, p in _rank(text) if name in ACTIONS and name != "chat"]
        mass = sum(p for _, p in actions)
        if not actions or mass <= 0:
            return None
        label, confidence = actions[0][0], actions[0][1] / mass
        if confidence < ASK:
            return None
    fields = ACTIONS[label].model_fields
    placeholder = {"handle": "it"} if "handle" in fields else {"post": "it"} if "post" in fields \
        else None
    return None if placeholder is None else _build(label, placeholder)


def _picked(previous: Action | None, fields: set[str], kind: str,
            chosen: Any) -> Action | None:
    """The action a pick of one listed item asks for: the previous request's (or the pick's
    own verb's) on that item; after suggestions of people, follow; else open the profile."""
    if previous is not None and previous.name == "discover" and kind == "handle":
        return _build("follow", {"handle": chosen})  # people found to follow: follow
    if previous is not None and kind in fields:
        return _build(previous.name, {**previous.args(), kind: chosen})
    return _build("show_profile", {"handle": chosen}) if kind == "handle" else None


_NOT_THAT = re.compile(r"\b(?:not|pas|instead of|au lieu de|rather than|plutot que)\s+"
                       r"(?:#|@|n°\s?)?([a-z0-9_]+)")


# An ordinal said as such ("the last two", "le troisième", "2nd"): a place in a list.
_ORDINAL_WORD = re.compile(r"\b(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|"
                           r"\d+(?:st|nd|rd|th|e|eme|er)|premiers?|premieres?|deuxiemes?|secondes?|troisiemes?|"
                           r"derniers?|dernieres?)\b")


_PICK_SMALL_WORDS = frozenset({"moi", "me", "aux", "au", "a", "les", "le", "la", "up", "back",
                               "one", "ones", "please", "pls", "stp", "svp"})


def _said_pick(label: str, text: str, context: Context | None,
               language: str | None) -> Understanding | None:
    """A request whose object is a place in the list Plaza just showed: "follow the last
    two", "aime les deux derniers", "follow 1 and 3" after people (a handle is never a
    number). None when the message names something else as well, or nothing was listed."""
    low = fold(text)
    if "@" in low or "#" in low:  # "follow @maya and the last one": more than a pick
        return None
    if label in ACTIONS and "handle" in ACTIONS[label].model_fields:
        placed = _ORDINAL_WORD.search(low) or re.search(r"\b\d{1,2}\b", low)
    else:
        placed = _ORDINAL_WORD.search(low)
    if not placed or _pick_verb(text) is None:
        return None
    rest = [w for w in _ORDINAL.sub(" ", low).split() if w not in ("and", "et", ",", "&")]
    # the verb alone, with at most a small word: "abonne-moi aux"; not "like the last post
    # alice wrote", nor "follow the first and mute the last" (two verbs: clauses)
    if not rest or len(rest) > 2 or (len(rest) == 2 and rest[1] not in _PICK_SMALL_WORDS):
        return None
    return _follow_up("pick", text, context, language)


def _follow_up(label: str, text: str, context: Context | None,
               language: str | None) -> Understanding | None:
    """"and @ava too", "no I meant @ethan", "the second one": the last request, again."""
    previous = _previous_request(context)
    fields = set(type(previous).model_fields) if previous is not None else set()
    if label == "pick":
        parts = re.split(r"\s*(?:\band\b|\bet\b|\bthen\b|\bpuis\b|,)\s*", fold(text))
        if len({verb.name for part in parts if (verb := _pick_verb(part)) is not None}) > 1:
            return None  # "follow the first and mute the last": two requests, not one pick
        which = slots.ordinals(text)
        verb = _pick_verb(text)  # "follow the second one": the action is said here
        if verb is not None:
            previous, fields = verb, set(type(verb).model_fields)
        # what the list holds decides when the request names neither ("search jazz": posts)
        kind = "post" if "post" in fields else "handle" if "handle" in fields \
            else "post" if _last_listed(context, "post") else "handle"
        listed = _last_listed(context, kind)
        if not which or not listed or any(abs(n) > len(listed) or n == 0 for n in which):
            return None
        actions = [action for n in which
                   if (action := _picked(previous, fields, kind,
                                         listed[n - 1 if n > 0 else n])) is not None]
        if len(actions) != len(which):
            return None
        return Understanding(actions[0], sure=True, language=language, more=tuple(actions[1:]))
    if previous is None:
        return None
    key = "handle" if "handle" in fields else "post" if "post" in fields else None
    if key is None:
        return None
    given = slots.arguments("follow" if key == "handle" else "like", text)
    # "it was 54 not 45", "non pas omar, oumar": the one named after "not" is the mistake
    mistaken = set(_NOT_THAT.findall(fold(text)))
    given = [args for args in (given or []) if str(args[key]) not in mistaken]
    if not given:
        return None
    actions = [a for args in given
               if (a := _build(previous.name, {**previous.args(), key: args[key]})) is not None]
    if not actions:
        return None
    return Understanding(actions[0], sure=True, language=language, more=tuple(actions[1:]))


_THEM_ALL = re.compile(r"\b(?:them all|all of them|them both|both of them|all three|both|"
                       r"tous|toutes|(?:les deux|les trois)(?!\s+(?:premier|dernier)))\b|"
                       r"-les\b|\bles (?:suivre|bloquer|masquer|liker|aimer)\b")
_THAT = re.compile(r"\b(?:that|it|this|that one|this one|ca|celui-ci|celui-la)\b|-(?:le|la)\b|"
                   r"\b(?:le|la|l') ?(?:supprimer|effacer|liker|aimer|partager|repost)")


def _referred(label: str, text: str, context: Context | None) -> Understanding | None:
    """A request naming no one but pointing back at the last exchange: "follow them all
    back" after a list of people (each of them), "actually delete that" after a post
    (the person's last post: "last"), "like it" ("it", which the conversation resolves).
    None when the words point at nothing there."""
    fields = ACTIONS[label].model_fields if label in ACTIONS else {}
    key = "handle" if "handle" in fields else "post" if "post" in fields else None
    if key is None or context is None or not context.turns:
        return None
    low = fold(text)
    listed = _last_listed(context, key)
    if _THEM_ALL.search(low) and len(listed) >= 2:
        actions = [a for item in listed
                   if (a := _build(label, {key: int(item) if key == "post" else item}))]
        return Understanding(actions[0], sure=True, more=tuple(actions[1:])) if actions \
            else None
    if placed := _by_place(label, key, text, listed):
        return placed
    if key == "post" and _THAT.search(low):
        previous = _previous_request(context)
        own = label in slots.OWN_POST_ACTIONS and previous is not None and previous.name == "post"
        action = _build(label, {"post": "last" if own else "it"})
        return None if action is None else Understanding(action, sure=True)
    return None


def _by_place(label: str, key: str, text: str, listed: list[str]) -> Understanding | None:
    """A request that names its items by their places in the list Plaza just gave ("block
    the third one", "montre le profil de la 2e", "suis le 1 et le 3"): those items, or
    None when no place is said or one is past the list's end."""
    places = slots.ordinals(text)
    if not places or not listed or any(not -len(listed) <= p <= len(listed) or p == 0
                                       for p in places):
        return None
    items = [listed[p - 1 if p > 0 else p] for p in places]
    actions = [a for item in items
               if (a := _build(label, {key: int(item) if key == "post" else item}))]
    if len(actions) != len(items):
        return None
    return Understanding(actions[0], sure=True, more=tuple(actions[1:]))


def _not_yet(label: str, text: str, speaking: str, language: str | None, confidence: float,
             runner_up: tuple[str, float]) -> Understanding:
    """Something Plaza cannot do yet ("edit #175"): said so, with what to do instead."""
    posts = slots.arguments("like", text)
    if posts and isinstance(post := posts[0]["post"], int):
        answer = say(f"not_yet.{label}", speaking, post=post)
    else:
        answer = say(f"not_yet.{label}_", speaking)
    return Understanding(_CHAT, language=language, answer=answer, confidence=confidence,
                         runner_up=runner_up)


_CLAUSES = re.compile(r"\s*(?:,\s*)?\b(?:and then|and also|and|then|et puis|puis|pis|et)\s+")


def _clauses(text: str, context: Context | None, language: str | None) -> Understanding | None:
    """"unfollow @gary_t and block him": one reading per clause when every clause asks for
    an action and they are not all the same one; a pronoun names the clause before's
    person ("like 52 and repost it": its post). Sure when every clause is (the
    conversation still asks once before a consequential one), else asked about whole."""
    parts = [p for p in _CLAUSES.split(text) if p.strip()]
    if len(parts) < 2 or len(parts) > 4:
        return None
    objects = [_OBJECT_ALONE.fullmatch(fold(part).strip()) for part in parts[1:]]
    if all(objects):  # "fav 3 and 4", "aime 63 pis 64": the first clause's verb for each
        return _same_verb(parts[0], [m for m in objects if m is not None])
    if any(objects):
        # "follow @a and @b then like 147": an object alone belongs to the clause before,
        # whose reading takes both ("follow @a and @b"); the other clauses stand
        merged = [parts[0]]
        for part, alone in zip(parts[1:], objects, strict=True):
            if alone:
                merged[-1] += " and " + part
            else:
                merged.append(part)
        if len(merged) < 2 or _OBJECT_ALONE.fullmatch(fold(merged[0]).strip()):
            return None
        parts = merged
    readings: list[Understanding] = []
    extra: dict[int, tuple[Action, ...]] = {}  # clause -> the further objects it named
    verbs: dict[int, str] = {}  # clause -> its action, waiting for a later clause's object
    for index, part in enumerate(parts):
        found = _classified(part, None, split=False)
        if found.more:
            if any(each.name != found.action.name for each in found.more):
                return None
            extra[index] = found.more
        if found.action.name == "chat":
            verb = _verb_alone(found)
            if verb is None:
                return None
            verbs[index] = verb
        readings.append(found)
    names = [verbs.get(i) or r.action.name for i, r in enumerate(readings)]
    if len(set(names)) == 1:
        return None  # "follow @lena and @omar" is read whole
    later: dict[str, Any] = {}  # "RT and fav 150": a verb alone takes the next object
    for index in reversed(range(len(readings))):
        if index in verbs:
            key = "post" if "post" in ACTIONS[verbs[index]].model_fields else "handle"
            value = later.get(key)
            if value is None and (_THAT.search(fold(parts[index]))
                                  or slots.pronoun_in(parts[index])):
                # "like 52 and repost it": the object a clause before named
                value = next((v for j in reversed(range(index)) if j not in verbs
                              and (v := getattr(readings[j].action, key, None))
                              not in (None, "it")), None)
            action = _build(verbs[index], {key: value}) if value is not None else None
            if action is None:
                return None
            leaning = readings[index].runner_up
            verb_confidence = leaning[1] if leaning is not None else 0.0
            readings[index] = Understanding(action, sure=verb_confidence >= SURE,
                                            confidence=verb_confidence)
        for key in ("handle", "post"):
            if getattr(readings[index].action, key, None) not in (None, "it"):
                later[key] = getattr(readings[index].action, key)
    actions: list[Action] = []
    last: dict[str, Any] = {}  # the person and post the clauses before named
    for index, (part, found) in enumerate(zip(parts, readings, strict=True)):
        actions.extend(extra.get(index - 1, ()))
        action = found.action
        fields = type(action).model_fields
        for key in ("handle", "post"):
            value = getattr(action, key, None)
            pronoun = key == "handle" and value is None and "handle" in fields \
                and slots.pronoun_in(part)
            if (value == "it" or pronoun) and key in last:
                action = action.model_copy(update={key: last[key]})
            if getattr(action, key, None) not in (None, "it"):
                last[key] = getattr(action, key)
        actions.append(action)
    actions.extend(extra.get(len(parts) - 1, ()))
    confidence = min(r.confidence for r in readings)
    # every clause read: done (a consequential one asks first, for all of them, in the
    # conversation); one unsure: "Did you mean" the whole list
    return Understanding(actions[0], sure=all(r.sure for r in readings),
                         ask=not all(r.sure for r in readings), language=language,
                         confidence=confidence, more=tuple(actions[1:]))


# A clause that names only a post or a @handle, with no verb of its own ("and 331", "pis
# le 64", "and @omar too").
_OBJECT_ALONE = re.compile(
    r"(?:(?:the|le|la|du|au|post|message|number|numero|n°|no\.?)\s*)*"
    r"(?:#?\s*(?P<n>\d{1,30})|(?P<h>@[a-z0-9_.]{2,30}))"
    r"(?:\s+(?:too|also|as well|aussi|stp|svp|please|pls))?[\s!?.]*")


def _same_verb(first: str, objects: list[re.Match[str]]) -> Understanding | None:
    """"fav 3 and 4": the first clause's reading, done again for each object after it;
    None when the first clause asks for no action on a post or person of that kind."""
    found = _classified(first, None, split=False)
    fields = type(found.action).model_fields
    key = "post" if "post" in fields else "handle" if "handle" in fields else None
    if found.action.name == "chat" or key is None:
        return None
    group = "n" if key == "post" else "h"
    actions: list[Action] = []
    for match in objects:
        if match[group] is None:  # a number after "follow", a handle after "like"
            return None
        value = int(match["n"]) if key == "post" else match["h"].removeprefix("@")
        if (action := _build(found.action.name, {key: value})) is None:
            return None
        actions.append(action)
    return replace(found, more=(*found.more, *actions))


def _verb_alone(found: Understanding) -> str | None:
    """The action a clause asks for without naming whom or what ("RT", "unfollow"): the
    reading it was asked to complete, when that reading was likely and takes a person or a
    post; None otherwise."""
    if found.runner_up is None or found.answer is None:
        return None
    label, confidence = found.runner_up
    fields = ACTIONS[label].model_fields if label in ACTIONS else {}
    if label == "chat" or confidence < ASK or not ({"handle", "post"} & set(fields)):
        return None
    return label


_SENTENCES = re.compile(r"(?<=[.!?…])\s+|\s+(?:so just|so|alors|bref|anyway|du coup|"
                        r"en fait)\s+|\s*[,;]\s+(?=(?:can|could|would|pls|please|tu peux|"
                        r"peux-tu|stp|just)\b)")


def _buried(text: str, context: Context | None) -> Understanding | None:
    """A long message ("Good morning dear, it's Margaret... would you follow @claire_w for
    me? Thank you") whose sentences are small talk but one: that one's reading. None when
    the message reads whole, or when no sentence, or several, ask for something."""
    sentences = [s for s in _SENTENCES.split(text) if s and len(s.split()) >= 2]
    if len(sentences) < 2:
        return None
    whole = _classified(text, context, split=False)
    if whole.sure and whole.action.name != "chat":
        return None
    found = [r for s in sentences
             if (r := _classified(s, context, split=False)).action.name != "chat"]
    if len(found) != 1:
        return None
    reading = found[0]
    named = slots._AT_HANDLE.findall(fold(text))
    if getattr(reading.action, "handle", None) == "it" and len(set(named)) == 1:
        # "my cousin @dave just joined, can u follow him?"
        action = reading.action.model_copy(update={"handle": named[0]})
        return replace(reading, action=action)
    return reading


def _classified(text: str, context: Context | None, split: bool = True) -> Understanding:
    message = read(text)
    language = guess_language(message)
    if context is not None and (top := _rank(text)[0][0]) != "pick" \
            and (picked := _said_pick(top, text, context, language)) is not None:
        return picked  # before clauses: "like the first and the third" is one pick
    if split and (several := _clauses(text, context, language)) is not None:
        return several
    if split and (buried := _buried(text, context)) is not None:
        return buried
    ranked = list(_rank(text))
    (label, confidence), (second, second_confidence) = ranked[0], ranked[1]
    known = classifier().known_share(text)
    # mostly words never seen: nothing to act on or ask about; many: ask rather than act
    cap = ASK - 0.01 if known < UNKNOWN_WORDS else SURE - 0.01 if known < STRANGE_WORDS else 1.0
    if label == "chat":
        if known < UNKNOWN_WORDS:  # "zorp blick": not ours to call small talk; a model may
            return Understanding(_CHAT, language=language, confidence=confidence,
                                 runner_up=(second, round(second_confidence, 3)))
    else:
        confidence = min(confidence, cap)
    runner_up = (second, round(second_confidence, 3))
    if label in FOLLOW_UPS:
        found = _follow_up(label, text, context, language)
        if found is not None and confidence < ASK:  # a follow-up barely leaned to: asked
            return replace(found, sure=False, ask=True, confidence=confidence,
                           runner_up=runner_up)
        if found is not None:
            return replace(found, confidence=confidence, runner_up=runner_up)
        if confidence >= SURE:
            answer = say("ask.follow_up", language or (context.language if context else "en"))
            return Understanding(_CHAT, language=language, answer=answer,
                                 confidence=confidence, runner_up=runner_up)
        # nothing to follow up on: the readings left, as if the follow-up were ruled out
        rest = max(1.0 - ranked[0][1], 1e-9)
        ranked = [(name, p / rest) for name, p in ranked[1:]]
        (label, confidence), (second, second_confidence) = ranked[0], ranked[1]
        confidence = confidence if label == "chat" else min(confidence, cap)
        runner_up = (second, round(second_confidence, 3))
    if label in NOT_YET and confidence >= ASK:
        return _not_yet(label, text, language or (context.language if context else "en"),
                        language, confidence, runner_up)
    if label == "chat" and (confidence >= SMALL_TALK
                            or (second_confidence < LEANING and confidence >= TALK_FLOOR)):
        return Understanding(_CHAT, language=language, confidence=confidence,
                             runner_up=runner_up, sure=True)
    speaking: str = language or (context.language if context else "en")
    if label == "chat" or confidence < ASK:
        closest = [name for name, _ in ranked if name in ACTIONS and name != "chat"][:2]
        answer = say("chat.closest", speaking, first=describe(closest[0], speaking),
                     second=describe(closest[1], speaking))
        # the reading is small talk at chat's own weight; the runner-up what it leaned to
        leaning = (closest[0], round(dict(ranked)[closest[0]], 3))
        return Understanding(_CHAT, language=language, answer=answer, unknown=True,
                             confidence=dict(ranked)["chat"], runner_up=leaning)
    given = slots.arguments(label, text)
    if given == [{}] and label in ("show_profile", "read_feed") and context is not None:
        field = "handle" if label == "show_profile" else "author"
        if (placed := _by_place(label, field, text, _last_listed(context, "handle"))) is not None:
            return replace(placed, language=language, confidence=confidence, runner_up=runner_up)
    if given is None and (found := _referred(label, text, context)) is not None:
        return replace(found, language=language, confidence=confidence, runner_up=runner_up)
    if given is None and (composing := _without_words(label, text)) is not None:
        return Understanding(_CHAT, language=language, confidence=confidence,
                             runner_up=runner_up, sure=confidence >= SURE, compose=composing,
                             answer=_compose_question(*composing, speaking))
    if given is None:
        return Understanding(_CHAT, language=language, answer=missing(label, speaking),
                             confidence=confidence, runner_up=(label, round(confidence, 3)))
    actions = [a for args in given if (a := _build(label, args)) is not None]
    if not actions:
        return Understanding(_CHAT, language=language, confidence=confidence,
                             runner_up=runner_up)
    # A handle written without its @ may be any word ("block out the noise"), and a code
    # in a sentence any number ("my zip code is 123456789"): ask.
    sure = (confidence >= SURE and not _bare_handles(actions, text)
            and not getattr(actions[0], "code", None))
    return Understanding(actions[0], sure=sure, ask=not sure, language=language,
                         confidence=confidence, runner_up=runner_up, more=tuple(actions[1:]))


def _without_words(label: str, text: str) -> tuple[str, int | str] | None:
    """("edit_post", 3) for "edit #3": an action of COMPOSED, its post named (one number,
    or for an edit the speaker's last post) and no words to write; else None."""
    if label not in COMPOSED:
        return None
    posts = slots.named_posts(fold(text), own=label == "edit_post")
    return (label, posts[0]) if len(posts) == 1 else None


def _compose_question(label: str, post: int | str, language: str) -> str:
    """What Plaza asks for the words of `label` on `post` (a number, or "last")."""
    if isinstance(post, int):
        return say(f"compose.{label}", language, id=post)
    return say(f"compose.{label}_{post}", language)


def _bare_handles(actions: list[Action], text: str) -> bool:
    """Whether a handle of `actions` was written without its @ in `text` ("it" and "me"
    name nobody's handle: who was just mentioned, and the sender)."""
    written = set(slots._AT_HANDLE.findall(fold(text)))
    return any(value not in written and value not in (THAT, ME)
               for action in actions for key, value in action.args().items()
               if key in ("handle", "author"))


def _tidied(ruled: Understanding) -> Understanding:
    """A post or reply the rules inferred, its words less what still introduces them; a
    search or topic less the thanks after it."""
    action = ruled.action
    if action.name in ("search", "discover"):
        key = "query" if action.name == "search" else "topic"
        said = str(action.args().get(key) or "")
        if key == "query" and re.match(r"(?:me|moi)\b(?!\s+(?:posts?|messages?))", fold(said)):
            # "search me, no idea": English for "I don't know", not a search for "me"
            return replace(ruled, action=_CHAT, sure=False)
        words = slots.query_text(said) if key == "query" else slots.subject_trimmed(said)
        tidy = _build(action.name, {**action.args(), key: words}) if words != said else None
        return ruled if tidy is None else replace(ruled, action=tidy)
    if isinstance(action, ReplyAction):
        words = slots.reply_text(action.text)
        tidy = _build("reply", {**action.args(), "text": words}) if words else None
        return ruled if tidy is None else replace(ruled, action=tidy)
    said = str(getattr(action, "text", ""))
    words = slots.post_text(said)
    followers = said != words and slots.followers_only(said[:len(said) - len(words)])
    if not words or (words == said and not followers):
        return ruled
    tidy = _build("post", {**action.args(), "text": words,
                           **({"visibility": "followers"} if followers else {})})
    return ruled if tidy is None else replace(ruled, action=tidy)


def _vetoed(ruled: Understanding, text: str) -> bool:
    """Whether the classifier is all but certain a rule misread `text`: another action (or
    small talk) at VETO or more (SURE for a reading the rule itself is unsure of), the
    rule's reading under 2 %. "what's happening on my timeline" is no search for "my
    timeline"; "post 9 was so weird lmao" is no post."""
    name = ruled.action.name
    ranked = _rank(text)
    top, confidence = ranked[0]
    if top == name or top in FOLLOW_UPS or confidence < (VETO if ruled.sure else SURE):
        return False
    return dict(ranked).get(name, 0.0) < 0.02


def understand(text: str, context: Context | None = None) -> Understanding:
    """What `text` asks for (see the module docstring). Never raises.

    `context` gives the chat's last exchange, for follow-ups ("and @ava too"); without
    it a follow-up is answered with a question. Remembered per (text, last exchange).
    """
    if not isinstance(text, str):
        return Understanding(_CHAT)
    # the last exchange: the person's message and every reply Plaza gave it
    turns = context.turns[-6:] if context is not None else ()
    language = context.language if context else "en"
    found = _remembered(text, turns, language)
    timeless = found.action.name == "set_digest" and not found.action.args()
    # texted: "ki me suit", "whats hot rn" (bot.understanding.texting); small talk read
    # from shorthand is no reading ("ki sont mes abos" is no chat)
    texted = texting.written(text)
    chatted = found.action.name == "chat" and not found.explicit and texted != text
    if (found.sure or found.explicit) and not timeless and not chatted:
        return found
    # dictated: "like post forty two", "follow at nico underscore b" (bot.understanding.spoken)
    # ("neuf" of "quoi de neuf" is no number: shorthand is written out after)
    dictated = texting.written(spoken.written(text))
    if dictated == text:
        return found
    second = _remembered(dictated, turns, language)
    if timeless and second.action.name == "set_digest" and second.action.args():
        return second  # "at seven thirty in the morning": the time said in words
    if second.action.name != "chat" and (found.action.name == "chat" or (
            second.sure and second.action.name != "post")):
        return second  # a post's own words are never rewritten unless nothing else read
    return found


@lru_cache(maxsize=4096)
def _remembered(text: str, turns: tuple[tuple[str, str], ...], language: str) -> Understanding:
    ruled = understand_by_rules(text)
    if ruled.explicit and ruled.compose is not None and ruled.answer is None:
        return replace(ruled, answer=_compose_question(*ruled.compose, ruled.language or language))
    if ruled.explicit and ruled.action.name == "chat" and ruled.runner_up is not None:
        # a command without its words ("/report"): ask for them in its own terms
        label = ruled.runner_up[0]
        speaking = ruled.language or language
        return replace(ruled, answer=missing(label, speaking) or say(
            "chat.command_words", speaking, first=describe(label, speaking)))
    if ruled.explicit:
        return ruled
    try:
        if ruled.action.name in ("post", "reply", "search", "discover"):
            ruled = _tidied(ruled)
        if ruled.action.name != "chat" and not _vetoed(ruled, text):
            signal = ruled.action.name == "set_digest" and not ruled.action.args()
            if (not ruled.sure and not signal
                    and dict(_rank(text)).get(ruled.action.name, 0) >= SURE):
                return replace(ruled, sure=True)  # a loose rule the classifier confirms
            return ruled
        context = Context("", language, "UTC", turns) if turns else None
        found = _classified(text, context)
    except Exception:  # a bug here must cost one "I didn't get that", not the turn
        return ruled
    if ruled.action.name == "chat" and yes_or_no(text) is not None:
        # a yes or no with no question pending (the conversation answers those first)
        return replace(ruled, sure=True)
    if ruled.action.name == "chat" and courtesy(text):
        # "hello there": a greeting, never "the closest I can do"; never sure, so that a
        # model, when there is one, answers it in the persona's voice
        return replace(ruled, confidence=found.confidence, runner_up=found.runner_up)
    if found.action.name == "chat" and found.answer is None and ruled.action.name == "chat":
        # the rules' small talk keeps its language; the classifier adds its weights
        return replace(ruled, confidence=found.confidence, runner_up=found.runner_up,
                       sure=found.sure)
    return found
