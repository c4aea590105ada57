"""The small grammar the rules share: patterns, rules, and reading their arguments.

A rule is written as a readable pattern over folded text: a space stands for
"some whitespace", `~` for "a hyphen or whitespace" ("abonne-moi", "abonne
moi"), and `<NAME>` for a shared fragment below (a person, a post reference,
the quoted text). Named groups carry the arguments, by kind, so most rules need
no code of their own:

    h      a handle (@alice or alice)      it    "the person/post just mentioned"
    n      a post number                   last  "my last post"
    text   words to publish, as typed      aud   "followers only"
    topic  a discover topic                query a search query
    colon  "post: ..." typed as a command, so nothing is in doubt

A suffix after "_" keeps group names unique when a kind appears twice in one
pattern ("it_c" for a French clitic such as "suis-la").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.actions import ACTIONS
from bot.understanding.wording import Message

Args = dict[str, Any]

MACROS: dict[str, str] = {
    "H": r"(?P<h>@?[a-z0-9_.]+)",
    "AT": r"(?P<h>@[a-z0-9_.]+)",
    "WHO": r"(?:(?P<it>him|her|them|it|th(?:at|is) (?:person|guy|girl|user|account|one))|<H>)",
    "QUI": r"(?:(?P<it>elle|lui|eux|elles|cette personne|ce compte|ce profil|"
    r"cet utilisateur|cette utilisatrice|celui~ci|celle~ci|celui~la|celle~la)|<H>)",
    "CL": r"~(?P<it_c>le|la|les)",
    "TOO": r"(?: (?:too|also|as well|aussi|egalement|pareil))?",
    "PLZ": r"(?: (?:please|pls|stp|svp|s['\s]*il te plait|s['\s]*il vous plait))?",
    "HERE": r"(?: (?:around here|on here|in here|here|on plaza|sur plaza|par ici|ici|"
    r"dans le coin))?",
    "NUM": r"(?:(?:the|le|la|au|a|du)\s+|l')?(?:(?:post|message|msg|tweet|publication|"
    r"number|numero|no\.?|n°)\s*){0,2}#?\s*(?P<n>\d{1,30})",
    "LAST": r"(?P<last>(?:my|mon|ma) (?:very )?(?:last|latest|most recent|newest|previous|"
    r"dernier|derniere|precedent|precedente)(?: (?:post|message|tweet|update|one|"
    r"publication|publi))?|what i just (?:posted|wrote|said)|ce que je viens de "
    r"(?:poster|publier|dire|ecrire))",
    "THAT": r"(?P<it>th(?:at|is|e) (?:post|message|tweet)|that one|this one|it|that|this|"
    r"ce (?:message|post|tweet)|cette publication|celui~ci|celui~la|ce dernier)",
    "REF": r"(?:<NUM>|<LAST>|<THAT>)",
    "TEXT": r"(?P<text>\S.*)",
    # "climbing around here" asks about climbing: where is no part of the topic.
    "TOPIC": r"(?P<topic>\S.*?)<HERE>",
    "QUERY": r"(?P<query>\S.*)",
    # A hashtag as typed, in any script; "#12" is a post number (storage.text.hashtags).
    "TAG": r"(?P<query>#[^\W\d]\S*)",
    # "my daily digest", "le résumé quotidien"
    "DIG": r"(?:(?:my|the|your|a|daily|morning|evening|nightly|today's|todays) )*"
    r"(?:digests?|summary|summaries|recaps?|round-?ups?|briefings?)",
    "DIGFR": r"(?:(?:mon|le|ma|la|un|une|ton|du|mes|les|des|de) )?(?:resume|recap|"
    r"recapitulatif|digest|bilan)s?(?: (?:quotidiens?|du jour|journaliers?|de la journee|"
    r"du matin|du soir|par jour))?",
}
_MACRO = re.compile(r"<([A-Z]+)>")


def define(**fragments: str) -> None:
    """Add shared fragments for the patterns of one module; a name is defined once."""
    if taken := MACROS.keys() & fragments.keys():
        raise ValueError(f"fragments defined twice: {sorted(taken)}")
    MACROS.update(fragments)


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern written in the shorthand above."""
    while _MACRO.search(pattern):
        pattern = _MACRO.sub(lambda m: MACROS[m.group(1)], pattern)
    pattern = pattern.replace("~", r"(?:-|\s+)").replace(" ?", r"\s*").replace(" ", r"\s+")
    return re.compile(pattern, re.S)


Builder = Callable[[re.Match[str], Message], Args | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One way of saying one action.

    `whole`: the pattern runs to the real end of the message (it quotes the
    person), not to the end of the trimmed core. `build` replaces the default
    reading of named groups; answering None means "not this rule after all".
    `explicit`: words that leave nothing in doubt, as a command's colon does ("undo").
    """

    action: str
    pattern: re.Pattern[str]
    language: str | None = None
    sure: bool = True
    whole: bool = False
    build: Builder | None = None
    explicit: bool = False


def rules(action: str, language: str | None, *patterns: str, **options: Any) -> list[Rule]:
    """One rule per pattern, all for the same action, language and options."""
    return [Rule(action, rx(p), language, **options) for p in patterns]


# Words that follow a verb like "follow" without being anyone's handle.
_NOT_HANDLES = frozenset(
    "me myself you yourself him her them it us up back out on off in the a an this that these "
    "those everyone everybody someone somebody anyone anybody people all news party rules suit "
    "along through here there now later today tomorrow tonight again please and or my your "
    "what who how why when moi toi tout tous le la les un une des ca cela ici personne lui elle "
    "eux nous vous aussi plaza mon ma mes ton ta tes son sa ses instructions advice orders "
    "trends trend topic topics hashtags hashtag yourself others friends mine pas rien jamais plus "
    "non oui no yes not never everything something anything nothing point notifications notifs "
    "sound audio chat button".split()
)
_ARTICLES = re.compile(
    r"(?:(?:the|an?|some|les?|la|du|des|une?|aux?|de la|a la|de|a)\s+|l'|d'|de l'|a l')"
)
_LIST_SEPARATORS = re.compile(r"\s*(?:[,;&+]|\s(?:and|et|or|ou)\s)\s*")
_PRONOUN_TOPICS = frozenset("me you it this that them us moi toi ca cela".split())
_NEGATIONS = frozenset("pas plus rien jamais".split())  # "cherche pas", French for "never mind"


def handle(typed: str, *, bare: bool = False) -> str | None:
    """A handle from what was typed ("@Alice", "alice", "＠ａｌｉｃｅ"), lower-cased.

    NFKC as storage normalises handles, never folded: "léa" must not become
    someone else's "lea". None for a bare word that is no handle ("follow up"),
    unless `bare` says any word is one (a slash command's argument).
    """
    typed = unicodedata.normalize("NFKC", typed).lower()
    name = typed.removeprefix("@").rstrip(".")
    if not (bare or typed.startswith("@")) and (
        name in _NOT_HANDLES or len(name) < 3 or not any(c.isalpha() for c in name)
    ):
        return None
    return name


def phrase(message: Message, start: int, end: int) -> str:
    """The person's words for a topic or query, minus a leading article."""
    while (article := _ARTICLES.match(message.low, start, end)) and article.end() < end:
        start = article.end()
    return message.cut(start, end)


def interests(message: Message, start: int, end: int) -> list[str]:
    """ "jazz, rust and climbing" / "le jazz et l'escalade" as lower-case items."""
    items, at = [], start
    for separator in [*_LIST_SEPARATORS.finditer(message.low, start, end), None]:
        stop = separator.start() if separator else end
        if item := phrase(message, at, stop).strip(" .!?").lower():
            items.append(item)
        at = separator.end() if separator else end
    return items


def read_groups(action: str, match: re.Match[str], message: Message) -> Args | None:
    """Arguments from the named groups of a match (see the module docstring).

    The action's own fields say where a kind goes: a person is its `author` or
    `handle`, and "it" is the post just mentioned when the action takes a post.
    """
    args: Args = {}
    fields = ACTIONS[action].model_fields
    person = "author" if "author" in fields else "handle"
    for key, value in match.groupdict().items():
        if value is None:
            continue
        kind = key.split("_")[0]
        span = match.span(key)
        if kind == "h":
            if (name := handle(message.text[span[0] : span[1]])) is None:
                return None
            args[person] = name
        elif kind == "it":
            args["post" if "post" in fields else person] = "it"
        elif kind == "n":
            args["post"] = int(value)
        elif kind == "last":
            args["post"] = "last"
        elif kind == "text":
            args["text"] = message.cut(*span)
        elif kind == "aud":
            args["visibility"] = "followers"
        elif kind in ("topic", "query"):
            words = phrase(message, *span)
            if not words or words.lower() in _PRONOUN_TOPICS or value.split()[0] in _NEGATIONS:
                return None
            args[kind] = words
    return args
