"""The arguments of an action, read from the message the classifier labelled.

    arguments("follow", "follow my friend sarah")        -> [{"handle": "sarah"}]
    arguments("follow", "abonne-moi à @julien et @manon") -> [{"handle": "julien"},
                                                             {"handle": "manon"}]
    arguments("like", "can you like 52 for me")          -> [{"post": 52}]
    arguments("follow", "follow someone")                -> None  (no handle: ask who)

A list because one message may ask the same thing for several people or posts.
A handle written without its @ is a word that is not a "carrier": carriers are every
word of the templates (templates.py), of the openers and endings people add, and of
a short list of function words, so "my", "friend", "uncle" and "pls" are never
taken for a handle.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from bot.actions import ME, POST_NUMBER_WRITTEN
from bot.understanding.clock import SHAPE, parse_time
from bot.understanding.intents import generate
from bot.understanding.intents.templates import EN, FR
from bot.understanding.linking import PLATFORM_WORDS
from bot.understanding.notifying import KIND_WORDS, kinds_in, quiet_span
from bot.understanding.steering import steer_args, unsteer_args
from bot.understanding.wording import read
from bot.understanding.zones import zone_named
from storage.text import fold

Args = dict[str, Any]

HANDLE_ACTIONS = frozenset({"follow", "unfollow", "block", "unblock", "mute", "unmute",
                            "subscribe", "unsubscribe"})
POST_ACTIONS = frozenset({"like", "unlike", "repost", "unrepost", "delete_post",
                          "show_post", "pin", "explain"})
OWN_POST_ACTIONS = frozenset({"delete_post", "pin"})  # "my last post" is the speaker's

_WORD = re.compile(r"[\w'@#.°-]+")
_AT_HANDLE = re.compile(r"@([a-z0-9_]{2,30})\b")
_BARE = re.compile(r"[a-z][a-z0-9_]{1,29}")
# A number not glued to letters ("bot_spam22" holds no post number)
_POST = re.compile(r"(?:#|\bn°|\bno\.?|\bnumero|\bnumber|\bpost|\bmessage)?\s?(?<![\w-])(?<!\d\.)"
                   r"(\d{1,30})\b(?!\s?(?:h\b|am\b|pm\b|:\d)|\.\d)")  # 1.5 is no post
_MY_LAST = re.compile(r"\b(?:my|mon|ma) (?:last|latest|dernier|derniere|most recent)\b|"
                      r"\bi just (?:posted|wrote|published)|\bje viens de (?:poster|publier|"
                      r"dire|ecrire)|ce que j'ai (?:poste|publie|ecrit)")
_THEIRS = re.compile(r"\b\w+'s (?:last|latest)\b|\b(?:her|his|their|son|sa) (?:last|latest|"
                     r"dernier|derniere)\b|(?:dernier|derniere) (?:post|message) d[e']")
_LAST = re.compile(r"\b(?:last|latest|just posted|just wrote|dernier|derniere|"
                   r"viens de (?:poster|publier|dire|ecrire))\b")
# The verbs of the handle actions, EN and FR (folded): a name right after one is the one meant.
_VERBS = frozenset("""
follow unfollow block unblock mute unmute hide unhide silence ban unban sub unsub
subscribe unsubscribe add track suivre suis suit abonne desabonne bloque bloquer debloque
debloquer masque masquer demasque demute reaffiche
""".split())
_TOKEN = re.compile(r"[\w'@#.°-]+|[,&+]")
# Between names: "alice n bob" too (no handle is one letter long, so "n" is never one).
_JOINERS = frozenset({"and", "et", "or", "ou", "pis", "plus", "&", "+", "n", "'n'", "an'"})
_LIST = re.compile(r"\s*(?:,|&|\band\b|\bet\b|\bplus\b|\+)\s*")
_TIME_SPAN = re.compile(SHAPE)
_COLON = re.compile(r"^[^:]{0,120}?:\s*(?P<rest>\S.*)$", re.S)
# What introduces the words to publish once the request's own words are set aside.
_SAYING = re.compile(r"^(?:(?:a |un )?(?:post|message|tweet)s? )?"
                     r"(?:that says|saying|which says|says|that|qui dit que|qui dit|"
                     r"disant que|que|qu'|ca|ça|this|:|-)\s*",
                     re.I)
# The sender's own posts asked for ("my posts", "mes messages", "what have I posted"):
# read_feed of the sender (bot.actions.ME), not the feed of the people they follow.
_MINE = re.compile(r"\b(?:my|mes) (?:own |propres |derniers |dernieres |latest |last |recent |"
                   r"old |anciens |anciennes )?(?:posts|messages|tweets|publications|updates|"
                   r"stuff)\b|\bi(?:'ve| have)? (?:already |just )?(?:posted|wrote|written|"
                   r"shared|published)\b|\bwhat (?:did|have) i (?:post|write|share|publish)|"
                   r"\bj'ai (?:deja )?(?:poste|publie|ecrit|partage)\b")
_FOLLOWERS_ONLY = re.compile(r"followers[- ]only|only (?:to|for) my followers|to my followers|"
                             r"(?:pour|a) mes abos|mes abos (?:seulement|uniquement)|"
                             r"just (?:for|to) my followers|for my followers|"
                             r"with my followers|pour mes abonnes|mes abonnes seulement|"
                             r"(?:seulement|juste|qu'a) (?:pour |a )?mes abonnes|"
                             r"(?:pour|a) mes followers|\bprivately\b|\ben prive\b")
# Where the words of a quote begin with who may read it: "for my followers only: psst".
_FOLLOWERS_LEAD = re.compile(rf"^\s*(?:{_FOLLOWERS_ONLY.pattern})(?:\s+only|\s+seulement)?"
                             r"\s*[:,-]\s*")
_OFF = re.compile(r"\b(?:turn off|stop|disable|pause|cancel|no more|don't want|dont want|"
                  r"arrete|coupe|desactive|stoppe|suspends|plus de|ne veux plus|"
                  r"veux plus|pas de)\b")
# "resume" alone is French for a summary: only "resume my digest" turns it on
_ON = re.compile(r"\b(?:turn on|back on|start|enable|resume (?:my|the)|restart|active|"
                 r"reactive|relance|remets|rallume)\b")
_EMPTY_DAYS = re.compile(r"nothing new|empty|quiet|with nothing|nothing in it|nothing to say|"
                         r"nothing happen|rien ne se passe|ya rien|y a rien|jours vides|"
                         r"rien de neuf|sans nouveaut|rien de nouveau|se passe rien|"
                         r"il y a rien")
_NEVER_ON_EMPTY = re.compile(r"\b(?:don't|dont|do not|no need|skip|never|pas besoin|pas de|"
                             r"plus de|no more|stop|arrete|"
                             r"envoie pas|m'envoie pas|"
                             r"n'envoie (?:rien|pas)|ne m'envoie|pas la peine|inutile)\b")
_LAST_PLATFORM = re.compile(r"where i (?:wrote|messaged|talked|used)[\w ]* last|last used|"
                            r"ou je t'ai ecrit en dernier|en dernier|the last one i used")
# The handle asked for: after "to", "en", ":" or "be", the last word of the message.
_NEW_HANDLE = re.compile(r"(?:\bto\b|\ben\b|\bpour\b|\bbe\b|\bsoit\b|:|\bdevient\b|\bdevienne\b|"
                         r"\bas\b|\bcomme\b)\s*@?(?P<h>[\w.]{2,60})[\s.!?]*(?:please|pls|"
                         r"stp|svp|thanks|merci)?[\s.!?]*$")
_ZONE_TIME = re.compile(r"([a-z][a-z ]{1,30}?) time\b|heure (?:de |d')([a-z ]{2,30})")
_HERE = re.compile(r"\b(?:here|ici)\b")
_PRONOUN = re.compile(r"\b(?:him|her)\b|-(?:le|la|lui)\b")  # "them" is several: asked
_CODE = re.compile(r"\b(?=[a-z0-9-]*\d)[a-z0-9]{3,}(?:-[a-z0-9]{3,})*\b")
_NAME = re.compile(r"(?:name to|name is|call me|rename me to|nom (?:en|a|pour)\b|"
                   r"nom d'affichage (?:en|a|pour)\b|nom affiche (?:en|a|pour|c'?est|est)\b|"
                   r"pseudo (?:affiche )?(?:en|a|pour)\b|"
                   r"appelle[- ]moi|"
                   r"je m'appelle)\s*:?\s*(?P<v>.+)$")
_BIO = re.compile(r"(?:bio (?:to|is|should be|en|a|pour)|bio\s*:|in my bio|profile\s*:|"
                  r"profil\s*:)\s*:?\s*(?P<v>.+)$")
_INTERESTS = re.compile(r"(?:interests (?:are|to)|i'm into|im into|i like|i love|"
                        r"centres d'interet sont|j'aime|je suis fan de|to my interests|"
                        r"a mes centres d'interet)\s*:?\s*(?P<v>.+)$")

# Function words of both languages that are never handles or topics on their own.
_FUNCTION_WORDS = frozenset("""
a an the my your his her their our its me you him them us it this that these those i i'm
im is are was be been to of in on at for with from by about into and or but so not no yes
some any all every what who whom which where when why how do does did can could would will
should may might must just really very too also now then there here please pls plz thanks
thx ok okay hey hi hello yo u ur ya up out off over again more less much many lot lots
le la les un une des du de d' l' au aux mon ma mes ton ta tes son sa ses notre nos votre vos
leur leurs je j' tu il elle on nous vous ils elles me moi te toi se lui ce cet cette ces ca
ça qui que quoi qu' ou où et mais donc car ni pas plus ne n' y en est sont a ai as avez ont
pour par sur dans avec sans chez vers stp svp merci oui non si bien tres trop aussi encore
actually never mind wait sorry oops well yeah yep nope maybe already still even ever only
back away again anyway though because since while until after before today tomorrow
yesterday tonight week weekend day days time times people person guy guys girl everyone
someone somebody anyone anybody nobody thing things stuff way lot reason reasons got get
gets getting go goes going gone make made let lets want wanted need needed think know see
saw look looks said say says tell told ask asked keep kept put take took give gave find
new old good bad great nice cool best worst little big long short first last next other
same different own more most much many few all both each every either neither
neighbour neighbor friend friends mate buddy pal chum sis bro mom mum dad wife husband
son daughter grandson granddaughter sister brother cousin aunt uncle boss colleague
attends attendez laisse tombe bon ben alors donc enfin juste vraiment deja toujours
jamais rien tout tous toute toutes gens personne quelqu'un truc trucs chose choses fois
jour jours semaine hier demain ce soir raison gars fille mec pote ami amie copain copine
voisin voisine frere soeur mere pere cousin cousine oncle tante patron collegue pis
font fait faire aiment aime interessant interessants interessantes interesting nice cool
lis lire actu actus fil suggestions suggestion comptes compte accounts account
slt cc wsh bjr bsr jsp stp pk pq koi c mdr ptdr lol tbh rn
""".split())


@cache
def carriers() -> frozenset[str]:
    """Words that frame a request, never its handle or topic (see the module docstring)."""
    words = set(_FUNCTION_WORDS)
    texts = [t for table in (EN, FR) for templates in table.values() for t in templates]
    texts += [*generate._OPEN_EN, *generate._CLOSE_EN, *generate._OPEN_FR, *generate._CLOSE_FR]
    for template in texts:
        plain = re.sub(r"\{\w+\}", " ", template)
        for word in re.split(r"[^\w']+", fold(plain)):
            if word:
                words.add(word)
                words.update(part for part in word.split("'") if part)
    return frozenset(words)


def _handles(low: str, pronouns: bool = True) -> list[str]:
    """Handles named in `low`: the @ ones if any, else words that are not carriers."""
    written = _AT_HANDLE.findall(low)
    if written:
        return list(dict.fromkeys(written))
    known = carriers()
    found: list[str] = []
    after_list_word = False  # the words since the last name were only "and", ","...
    after_verb = found_after_verb = False  # a verb of the vocabulary came before
    for raw in _TOKEN.findall(low):
        word = raw.strip(".'-,").removesuffix("'s")
        if word in _VERBS:
            after_verb = True
            continue
        if word in _JOINERS or raw in (",", "&", "+"):
            after_list_word = bool(found)
            continue
        if _BARE.fullmatch(word) and word not in known:
            if found and not after_list_word:
                # "follow sarah from work", "unfollow marcus, all he posts is crypto": a
                # second name must be joined to the first ("marcus and leo_p")
                if any(c.isdigit() or c == "_" for c in word) and not any(
                        c.isdigit() or c == "_" for c in found[0]):
                    found = [word]  # "follow my neighbour kai_m": the handle-shaped word
                elif after_verb and not found_after_verb:
                    found = [word]  # "i dont wanna follow bob": the name after the verb
                    found_after_verb = True
                continue
            found_after_verb = found_after_verb or after_verb
            found.append(word)
        after_list_word = False
    if not found and pronouns and _PRONOUN.search(low):
        return ["it"]  # "unmute him": the person the chat just talked about
    return list(dict.fromkeys(found))


def named_posts(low: str, own: bool = False) -> list[int | str]:
    """The posts `low` (folded) names, as `_posts` reads them: numbers, or "last"."""
    return _posts(low, own)


def _posts(low: str, own: bool = False) -> list[int | str]:
    """Post numbers named in `low`, or ["last"] for the person's own latest post: said as
    theirs ("my last post", "what I just posted"), or any "last" when only their own can be
    meant (`own`: deleting). "alice's last post" is nobody's number: asked for."""
    # any number, however large: one past the ids' range is "not found" (execute._number)
    numbers: list[int | str] = [int(n) for n in _POST.findall(low)
                                if 0 < int(n) < 10**POST_NUMBER_WRITTEN]
    if numbers:
        return list(dict.fromkeys(numbers))
    if _MY_LAST.search(low) or (own and _LAST.search(low) and not _THEIRS.search(low)):
        return ["last"]
    return []


def _rest(low: str, original: str, *, keep_colon: bool = True) -> str:
    """The words of `original` after the carriers that open it and before those that
    close it: "search for rust tips pls" -> "rust tips"."""
    if keep_colon and (match := _COLON.match(original)):
        return match["rest"].strip()
    known = carriers()
    words = original.split()
    folded = low.split()
    if len(words) != len(folded):  # folding changed the word count: keep it all
        return original.strip()
    start, end = 0, len(words)
    def framing(word: str) -> bool:
        word = word.strip(",.!?:;…")
        return not word or word in known

    while start < end and framing(folded[start]):
        start += 1
    while end > start and framing(folded[end - 1]):
        end -= 1
    rest = " ".join(words[start:end]).strip(" ,.!?:;")
    while (match := _SAYING.match(rest)) and match.end() > 0:
        rest = rest[match.end():]
    return rest.strip(" ,.!?:;")


_POST_LEAD = frozenset("""
post posts poste postez publie publiez publier poster tweet tweeter share partage partager
publish announce annonce write ecris ecrire make fais faire put mets mettre send envoie
a an new nouveau nouvel un une message status update this that ca cela ceci it up out
can could would will you u please pls plz kindly i i'd id want wanna like to need je tu
veux voudrais voudrait aimerais peux pourrais pourriez pouvez vous stp svp hey hi hello
ok okay so yo salut bonjour dis and then also just quick say says saying que qu' qui dit
pour mes my followers abonnes only seulement public publicly everyone everybody tout monde
le la les all tell let know ahead go
""".split())


# The request inside a sentence that does not open with it: the words after it are the post.
_POST_VERB = re.compile(r"\b(?:post|publish|tweet|publie|poste|publier|poster)\b"
                        r"(?:\s+(?:that|this|saying|que|qu'|ceci|ca))?\s*:?\s*")
_CONNECTORS = frozenset({"that", "que", "qu'", "saying", "says", "dit", "disant"})


_QUOTED = re.compile(r"\"\s*(?P<a>[^\"]{2,}?)\s*\"|“\s*(?P<b>[^”]{2,}?)\s*”"
                     r"|«\s*(?P<c>[^»]{2,}?)\s*»|(?<![\w])'\s*(?P<d>[^']{2,}?)\s*'(?![\w])")


def _quote(text: str) -> tuple[int, str] | None:
    """Where a quoted phrase of two words or more starts in `text`, and its words."""
    for match in _QUOTED.finditer(text):
        words = next(g for g in match.groups() if g is not None).strip(" !?.")
        if " " in words:
            return match.start(), words
    return None


def _post_text(low: str, original: str) -> str:
    """The words to publish: quoted if they are, after a colon if there is one early
    enough, else what follows the request's own words ("write a post that says ...")."""
    if (quoted := _quote(original)) is not None:
        return quoted[1]
    if match := _COLON.match(original):
        return match["rest"].strip()
    words, folded = original.split(), low.split()
    if len(words) != len(folded):
        return original.strip()
    if all(word.strip(",.!?:;-") in _POST_LEAD for word in folded):
        return ""  # "post", "tell everyone": nothing to publish yet
    verb = _POST_VERB.search(low)
    if verb is not None and any(w.strip(",.!?:;-") not in _POST_LEAD
                                for w in low[:verb.start()].split()):
        return original[verb.end():].strip(" ,:;-")  # "as bob, post that alice is ..."
    start = 0
    while start < len(words) - 1 and (word := folded[start].strip(",.!?:;-")) in _POST_LEAD:
        start += 1
        if word in _CONNECTORS:  # "... that <the words>": what follows is all theirs
            while start < len(words) - 1 and folded[start] in _CONNECTORS:
                start += 1  # "a post saying that ...", "that says ..."
            break
    return " ".join(words[start:]).strip(" ,:;-")


def _digest_args(low: str, original: str) -> Args:
    args: Args = {}
    for match in _TIME_SPAN.finditer(low):
        if (time := parse_time(match.group(0))) is not None:
            args["time"] = time
            break
    zone = None
    if iana := re.search(r"\b[a-z]+/[a-z_]+(?:/[a-z_]+)?\b", low):  # "America/Toronto"
        zone = zone_named(iana.group(0), original[iana.start():iana.end()])
        if zone:
            args["timezone"] = zone
    markers = r"\b(?:in|to|is|of|a|en|au|sur|est|de)\s+|\bd'"  # "le fuseau de Dakar"
    for marker in re.finditer(markers, low if not zone else ""):
        words = low[marker.end():].split()
        for size in (3, 2, 1):  # "in new york, please...": the words that name a place
            if len(words) >= size:
                named = " ".join(words[:size]).strip(",.!?;")
                if zone := zone_named(named, named):
                    break
        if zone:
            args["timezone"] = zone
            break
    if "timezone" not in args:  # "8 every morning chicago time", "heure de montreal"
        for match in _ZONE_TIME.finditer(low):
            words = (match.group(1) or match.group(2)).split()
            for size in (2, 1):
                named = " ".join(words[-size:] if match.group(1) else words[:size])
                if len(words) >= size and (zone := zone_named(named, named)):
                    args["timezone"] = zone
                    break
            if "timezone" in args:
                break
    if platform := _platform(low):
        args["platform"] = platform
    if "platform" not in args and _LAST_PLATFORM.search(low):
        args["platform"] = "last"
    elif "platform" not in args and _HERE.search(low):
        args["platform"] = "here"
    if _EMPTY_DAYS.search(low):
        args["always"] = not _NEVER_ON_EMPTY.search(low)
    elif _OFF.search(low):
        args["enabled"] = False
    elif _ON.search(low):
        args["enabled"] = True
    return args


# A switch of notifications turning kinds back on; any other switch turns them off.
_BACK_ON = re.compile(r"\b(?:back on|on again|again|turn on|switch on|enable|re-?enable|"
                      r"restore|resume|unmute|reactive|reactiver|remets|rallume|relance|"
                      r"de nouveau|a nouveau|active|activer)\b")
# Quiet hours taken away: "remove my quiet hours", "plus d'heures calmes".
_NO_QUIET = re.compile(r"\b(?:remove|delete|clear|cancel|turn off|disable|stop|drop|no more|"
                       r"get rid|don't want|supprime|enleve|retire|annule|desactive|coupe|"
                       r"arrete|plus d|pas d|ne veux plus)\b")


def _quiet_args(low: str) -> Args | None:
    """Quiet hours: the first two times said (start, end), none when they are taken away
    ({}), or None when not two times are said (asked for)."""
    times = [match.group(0) for match in _TIME_SPAN.finditer(low)
             if match.group(0).strip() and any(c.isdigit() for c in match.group(0))
             or match.group(0).strip() in ("noon", "midday", "midi", "midnight", "minuit")]
    if len(times) >= 2:
        return quiet_span(times[0], times[1])
    if times:  # one time alone ("pis à 18h") is no span: most likely a digest's time
        return None
    return {} if _NO_QUIET.search(low) else None


# Reporting: the first post number or @handle is what is reported, the words after it
# the reason, less what introduces it ("for", "because", "pour", "parce que").
_REPORT_VERB = re.compile(r"\b(?:report|flag|signale[rz]?|denonce[rz]?)\s+(?:the (?:user|account|"
                          r"person) |this (?:user|account|person) |le compte (?:de )?|"
                          r"l'utilisateur |la personne |l'utilisatrice )?@?(?P<h>[a-z][a-z0-9_.]"
                          r"{1,29})\b")
_THIS_POST = re.compile(r"\b(?:this|that) (?:post|one|message)\b|\bce (?:message|post)\b|"
                        r"\bsignale[- ]le\b|\breport it\b")
_REASON_LEAD = re.compile(r"^[\s,:;.!-]*(?:(?:for|because|since|as|cause|pour|car|parce que|"
                          r"parce qu'|vu que|it's for|c'est pour)\b\s*)?", re.I)


_NUMBERISH = re.compile(r"\s*(?:#|n°|no\.?|numero|number)?\s*\d")


def report_args(low: str, original: str) -> Args | None:
    """A report's target and reason: "report #150 it's spam" -> {"post": 150, "reason":
    "it's spam"}, "signale @bob c'est du harcèlement" -> {"handle": "bob", "reason":
    "c'est du harcèlement"}; None when nothing reportable is named."""
    post, at = _POST.search(low), _AT_HANDLE.search(low)
    args: Args
    # Any number is taken, however large: one past the posts' ids is "not found" when
    # acted on (conversation.execute), as for every other action naming a post.
    if post is not None and (at is None or post.start() < at.start()) and int(post[1]) > 0:
        args, end = {"post": int(post[1])}, post.end()
    elif at is not None:
        args, end = {"handle": at[1]}, at.end()
    elif (named := _REPORT_VERB.search(low)) and named["h"] not in carriers():
        args, end = {"handle": named["h"]}, named.end()
    elif (this := _THIS_POST.search(low)) and not _NUMBERISH.match(low, this.end()):
        # "signale le n°3.7": "le" before a number is an article, not "it"
        args, end = {"post": "it"}, this.end()
    else:
        return None
    reason = courtesy_trimmed(_REASON_LEAD.sub("", original[end:], count=1)).strip(" .,!")
    args["reason"] = reason if len(low) == len(original) else ""
    return args


def _platform(low: str) -> str | None:
    for word, platform in PLATFORM_WORDS.items():
        if re.search(rf"\b{word}\b", low):
            return platform
    return None


def _profile_args(low: str, original: str) -> Args | None:
    for pattern, key in ((_NAME, "name"), (_BIO, "bio")):
        if match := pattern.search(low):
            return {key: original[match.start("v"):].strip(" .!")}
    if match := _INTERESTS.search(low):
        items = [i.strip(" .!") for i in _LIST.split(original[match.start("v"):]) if i.strip()]
        return {"interests": items} if items else None
    return None


# The AI opt-out taken back, unless said in the negative ("don't use my posts for AI").
_AI_BACK_IN = re.compile(r"\b(?:again|can use|may use|allow|let|opt (?:me )?back|back in|"
                         r"de nouveau|a nouveau|peux utiliser|pouvez utiliser|autorise|"
                         r"reutilise)\b")
_AI_NEGATED = re.compile(r"\b(?:don't|do not|never|stop|no longer|pas|plus|jamais)\b")
# A catch-up's subject: a hashtag, or the words after "about", "on", "sur"...
_CATCH_TAG = re.compile(r"#[^\W\d]\S*")
_CATCH_ABOUT = re.compile(r"\b(?:about|on|regarding|concerning|sur|a propos de|au sujet de|"
                          r"de la|du)\s+(?P<v>[^?!.]+)")
_CATCH_FRIENDS = re.compile(r"\b(?:my friends|friends|people i follow|my network|my people|"
                            r"mes amis|mes potes|mes abonnements|les gens que je suis)\b")
_CATCH_NOT_TOPIC = frozenset("today yesterday lately plaza here me it that this ici aujourd'hui "
                             "hier moi ca".split())


def _catch_up_args(low: str, original: str) -> Args:
    """A catch-up's topic (a hashtag, else the words after "about" / "sur"), and whether
    only the people one follows are meant."""
    args: Args = {"friends": bool(_CATCH_FRIENDS.search(low))}
    if tag := _CATCH_TAG.search(original):
        args["topic"] = tag.group(0)
    elif (about := _CATCH_ABOUT.search(low)) is not None:
        words = original[about.start("v"):about.end("v")].strip(" .,!?")
        words = re.sub(r"^(?:the|la|le|les|l')\s*", "", words, flags=re.IGNORECASE).strip()
        if words and words.lower() not in _CATCH_NOT_TOPIC and len(words) <= 100:
            args["topic"] = words
    return args


def arguments(action: str, text: str) -> list[Args] | None:
    """The argument sets `text` gives `action` (several when it names several people or
    posts), or None when an argument the action needs is missing."""
    low = fold(text)
    if len(low) != len(text):  # fold changed lengths (ligatures...): read the folded text
        text = low
    if action in HANDLE_ACTIONS:
        handles = _handles(low)
        if action in ("subscribe", "unsubscribe"):  # "stop notifying me about likes": no one
            handles = [h for h in handles if h not in KIND_WORDS]
        return [{"handle": h} for h in handles] or None
    if action == "switch_notifications":
        kinds = kinds_in(low)
        return [{"kinds": kinds, "on": bool(_BACK_ON.search(low))}] if kinds else None
    if action == "ai_opt_out":  # "you can use my posts for AI again": let back in
        return [{"out": not (_AI_BACK_IN.search(low) and not _AI_NEGATED.search(low))}]
    if action == "catch_up":
        return [_catch_up_args(low, text)]
    if action == "quiet_hours":
        quiet = _quiet_args(low)
        return None if quiet is None else [quiet]
    if action in ("steer", "unsteer"):  # bot/understanding/steering.py reads both
        steered = (steer_args if action == "steer" else unsteer_args)(read(text))
        return None if steered is None else [steered]
    if action == "unpin":  # "unpin" alone, or "unpin #4": only if #4 is the pinned one
        pinned: list[Args] = [{"post": p} for p in _posts(low, own=True)][:1]
        return pinned or [{}]
    if action in POST_ACTIONS:
        posts = _posts(low, own=action in OWN_POST_ACTIONS)
        return [{"post": p} for p in posts] or None
    if action == "reply":
        match = _POST.search(low)
        quoted = _quote(text)
        if match is not None and quoted is not None:  # reply "see you there" to #203
            return [{"post": int(match.group(1)), "text": quoted[1]}]
        if match is None:
            return None
        said = reply_text(text[match.end():].strip(" :,-"))
        return [{"post": int(match.group(1)), "text": said}] if said else None
    if action in ("edit_post", "quote"):
        return _rewrite_args(action, low, text)
    if action in ("read_feed", "show_profile"):
        key = "author" if action == "read_feed" else "handle"
        written = _AT_HANDLE.findall(low)
        named = written or [w for raw in _WORD.findall(low)
                            if _BARE.fullmatch(w := raw.strip(".'-,").removesuffix("'s"))
                            and w not in carriers()]
        handles = [h for h in named
                   if f"@{h}" in low or any(c.isdigit() or c == "_" for c in h)
                   or re.search(rf"(?:\b(?:from|by|of|about|de|du|chez|is|est) {h}\b|\b{h}'s\b|"
                                rf"\bwho(?:'s| is) {h}\b|\b{h} (?:profile|profil|posts)\b|"
                                rf"\b{h} (?:has |have |a |ont )?(?:been )?(?:posted|posting|"
                                rf"written|wrote|poste|publie|ecrit)\b)", low)]
        if handles:
            return [{key: handles[0]}]
        return [{"author": ME}] if action == "read_feed" and _MINE.search(low) else [{}]
    if action == "post":
        words = _post_text(low, text)
        if not words:
            return None
        args: Args = {"text": words}
        if _FOLLOWERS_ONLY.search(low):
            args["visibility"] = "followers"
        return [args]
    if action in ("search", "discover"):
        if (match := _ASKED_ABOUT.search(low)) and len(low) == len(text):
            # "I'm writing a piece on X, can you search posts about Y": the words after
            # the request's own "about" are the subject, not the sentence around it
            text, low = text[match.end():], low[match.end():]
        words = subject_trimmed(_rest(low, text, keep_colon=False))
        words = query_text(words) if words and action == "search" else words
        key = "query" if action == "search" else "topic"
        if not words:
            return None if action == "search" else [{}]
        return [{key: words}]
    if action == "set_digest":
        return [_digest_args(low, text)]
    if action == "link":
        platform = _platform(low)
        linking: Args = {"platform": platform} if platform else {}
        if code := _CODE.search(low):  # "link 7kq-4mx-p2z", "here's my code: 482913"
            linking["code"] = code.group(0).upper()
        return [linking]
    if action == "unlink":
        platform = _platform(low)
        return [{"platform": platform}] if platform else None
    if action == "update_profile":
        profile = _profile_args(low, text)
        return [profile] if profile else None
    if action == "report":
        found = report_args(low, text)
        return [found] if found else None
    if action == "change_handle":
        wanted = _NEW_HANDLE.search(low)
        return [{"new_handle": wanted["h"]}] if wanted else None
    return [{}]


# Between an edited post and its new words: "to say", "so it reads", "pour dire", "par".
_NEW_WORDS = re.compile(r"^[\s?!.,;]*(?:(?:post|message|tweet)\s+)?"
                        r"(?:(?:so (?:that )?it|pour qu'il|afin qu'il|make it|it should|should|"
                        r"(?:and |et )?(?:il )?(?:faut|doit))"
                        r"\s+)?(?:to (?:say|read)|says?|reads?|be|dire|to|into|with|"
                        r"pour (?:dire|mettre)|dise|par|en|avec|"
                        r"(?:and |et )?(?:put|write|mets|met|mettez|ecris|ecrivez)(?: plutot)?|:)"
                        r"\b\s*[:,]?\s*")


def _rewrite_args(action: str, low: str, text: str) -> list[Args] | None:
    """A post and words for an edit or a quote: "edit #12: hi", "change my last post to
    say hi", "quote #5 so true", "cite le n°5 : trop vrai". An edit may name the speaker's
    last post; a quote needs a number."""
    post: int | str | None = None
    end = 0
    number = _POST.search(low)
    last = _MY_LAST.search(low) or _LAST.search(low) if action == "edit_post" else None
    if last is not None and (number is None or last.start() < number.start()):
        post, end = "last", last.end()  # "my last post to say meet at 8": 8 is the words'
        end += len(re.match(r"\s*(?:post|message|tweet|one)?", low[end:])[0])  # type: ignore[index]
    elif number is not None:
        post, end = int(number.group(1)), number.end()
    else:
        return None
    ahead = low[end:]  # what comes before the words: "just for my followers: ..."
    if (quoted := _quote(text)) is not None:
        words, ahead = quoted[1], low[end:quoted[0]]
    else:
        rest = text[end:]
        colon = rest.find(":")
        if 0 <= colon < 40:
            rest, ahead = rest[colon + 1:], ahead[:colon]
        elif lead := _NEW_WORDS.match(fold(rest)):
            rest = rest[lead.end():] if len(fold(rest)) == len(rest) else rest
        words = reply_text(rest.strip(" :,-"))
    if not words:
        return None
    args: Args = {"post": post, "text": words}
    if action == "quote":
        # who may read it, said before the words (low[:end]: "for my followers only, quote
        # #1: hey") or opening them ("quote #2: for my followers only: psst")
        lead = _FOLLOWERS_LEAD.match(fold(words)) if len(fold(words)) == len(words) else None
        if lead is not None and lead.end() < len(words):
            args["text"] = words[lead.end():]
        if lead is not None or _FOLLOWERS_ONLY.search(low[:end] + " " + ahead):
            args["visibility"] = "followers"
    return [args]


_ORDINALS = {"first": 1, "1st": 1, "premier": 1, "premiere": 1, "1er": 1, "second": 2,
             "2nd": 2, "deuxieme": 2, "seconde": 2, "2e": 2, "2eme": 2, "third": 3, "3rd": 3,
             "troisieme": 3, "3e": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
             "last": -1, "dernier": -1, "derniere": -1}
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "deux": 2, "trois": 3, "quatre": 4,
           "cinq": 5}


def ordinals(text: str) -> list[int]:
    """Which items of a list a pick names, from 1, in the order said: "the second one"
    -> [2], "1 and 3" / "le 1 et le 3" -> [1, 3], "the first two" / "les deux premiers"
    -> [1, 2], "the last two" -> [-2, -1] (negative counts from the end), [] for none."""
    words = re.findall(r"[\w']+", fold(text))
    for i, word in enumerate(words):
        # "the first two", "the two first", "les deux premiers", "les 2 derniers"
        near = words[i + 1:i + 2] + words[max(0, i - 1):i]
        count = next((_COUNTS.get(w) or (int(w) if w.isdigit() and 1 < int(w) < 10 else 0)
                      for w in near if w in _COUNTS or w.isdigit()), 0)
        stem = word.rstrip("s")
        if count and stem in ("first", "premier", "premiere"):
            return list(range(1, count + 1))
        if count and stem in ("last", "dernier", "derniere"):
            return list(range(-count, 0))
    found: list[int] = []
    for word in words:
        which = _ORDINALS.get(word) or (int(word) if word.isdigit() and 0 < int(word) < 50
                                        else None)
        if which is not None and which not in found:
            found.append(which)
    return found


def post_text(text: str) -> str:
    """A post's words as a rule read them, less what still introduces them: after a colon
    ("a message please. It should say: Happy birthday"), or a leading "that"/"que"; and
    only the quote when what follows it is thanks ('"see you there" thx')."""
    if match := _COLON.match(text):
        text = match["rest"]
    while (match := _SAYING.match(text)) and match.end() > 0:
        text = text[match.end():]
    return _only_quoted(text.strip())


# What may follow a request's words without being part of them: thanks, "for me", "now".
_COURTESY = (r"thx|thanks|thank you|ty|please|pls|plz|stp|svp|s'il (?:te|vous) pla[iî]t|"
             r"merci|for me|pour moi|now|maintenant|asap")
_COURTESY_TAIL = re.compile(rf"(?:[\s,.!?;:]*\b(?:{_COURTESY})\b)+[\s,.!?;:]*$", re.I)
# Before a reply's words only "for me" and "please": "thank you" may be the reply itself.
_COURTESY_HEAD = re.compile(r"^(?:\s*\b(?:for me|pour moi|please|pls|plz|stp|svp|"
                            r"s'il (?:te|vous) pla[iî]t)\b[\s,.!?;:]*)+", re.I)
_QUOTE_MARKS = "\"“”«»'"


def _only_quoted(text: str) -> str:
    """`text`'s quoted words when the quote opens it and only thanks follow: the person
    put their words in quotes and thanked Plaza after them."""
    bare = _COURTESY_TAIL.sub("", text).strip()
    if (len(bare) > 2 and bare[0] in _QUOTE_MARKS and bare[-1] in _QUOTE_MARKS
            and not any(mark in bare[1:-1] for mark in "\"“”«»")):
        return bare[1:-1].strip()
    return text


# A request verb, then what it is about: the subject starts after the last "about".
_ASKED_ABOUT = re.compile(
    r".*\b(?:search|find|look|looking|show|cherche|chercher|trouve|trouver|montre|suggest|"
    r"recommend|conseille|suggere|propose)\b[^,.?!]*?\b(?:about|on|regarding|sur|au sujet de|"
    r"a propos de|concernant)\s+(?=\S)")
# What a request for people adds after its subject: "... à me conseiller", "to follow".
_PURPOSE_TAIL = re.compile(r"[\s,]+(?:a|à) (?:me |nous )?(?:conseiller|suivre|recommander|"
                           r"suggerer|suggérer|lire)\s*[?!.]*$|[\s,]+(?:to follow|worth "
                           r"following|to read|to check out)\s*[?!.]*$", re.I)
# A topic's own framing: "people who enjoy gardening", "des gens qui font de la photo".
_TOPIC_LEAD = re.compile(
    r"^(?:.*?\b(?:who|that|qui)\s+)?(?:enjoy|enjoys|like|likes|love|loves|are into|is into|"
    r"do|does|post about|posts about|talk about|write about|font|fait|aiment|aime|adorent|"
    r"s'int[eé]ress(?:ent|e)|parlent de|postent sur|publient sur)\s+"
    r"(?:(?:de la|de l'|du|des|de|la|le|les|au|aux|à la|a la|à|a|l')\s*)?", re.I)
_PLACE_TAIL = re.compile(r"[\s,]+(?:par ici|ici|around here|on here|here)\s*[?!.]*$", re.I)
_SENTENCE_END = re.compile(r"[?!.]+\s+(?=\S)")
# What still frames a search's words: "posts that talk about", "the word", "hashtag".
_QUERY_LEAD = re.compile(
    r"^(?:(?:for |pour )?(?:(?:the |any |some |des |les )?(?:posts?|messages?|toots?|tweets?) )?"
    r"(?:that|which|qui|where|ou) (?:speak|speaks|talk|talks|are|is|parlent|parle|sont|people "
    r"talk|on parle) (?:about|of|on|de|du|des|sur) |"
    r"(?:(?:the |any |some |des |les )?(?:posts?|messages?|toots?|tweets?) )?(?:(?:that|which|qui) "
    r"(?:mention|mentions|mentionne|mentionnent|cite|citent)|mentioning|mentionnant) |"
    r"(?:(?:posts?|messages?) )?(?:with|avec|containing|contenant) (?:the |le |les )?"
    r"(?:words?|mots?|terms?|termes?) |(?:the |le |les )?(?:words?|mots?|keywords?) )", re.I)
_HASHTAG = re.compile(r"^(?:(?:the|le|un|a|l')\s*)?(?:hashtag|hash tag|mot-diese|diese)\s+#?"
                      r"(?P<tag>[\w-]+)$", re.I)


def query_text(text: str) -> str:
    """A search's words less what frames them: "hashtag photography" -> "#photography",
    "posts with the word brexit" -> "brexit", "#SuperBowl for me" -> "#SuperBowl"."""
    text = courtesy_trimmed(text)
    low = fold(text)
    if len(low) != len(text):
        return text
    if match := _QUERY_LEAD.match(low):
        text, low = text[match.end():], low[match.end():]
    if match := _HASHTAG.match(low):
        return "#" + text[match.start("tag"):]
    return text.strip() or text


def courtesy_trimmed(text: str) -> str:
    """`text` less the thanks and "for me" that close a request: "#SuperBowl for me" ->
    "#SuperBowl"; unchanged when nothing else would be left."""
    trimmed = _COURTESY_TAIL.sub("", text).strip()
    return trimmed or text


def subject_trimmed(text: str) -> str:
    """A topic less what frames it: the thanks, purpose and place that close it
    ("jardinage à me conseiller ?" -> "jardinage", "climbers to follow pls" ->
    "climbers"), "people who enjoy" before it, and any sentence after its own ("gardening?
    I'd like to follow a few" -> "gardening"); unchanged when nothing else is left."""
    first = _SENTENCE_END.split(text, maxsplit=1)[0]  # "…gardening? I'd like to follow a few"
    first = _TOPIC_LEAD.sub("", first, count=1) or first
    trimmed = _PLACE_TAIL.sub("", _PURPOSE_TAIL.sub("", courtesy_trimmed(first))).strip()
    return trimmed.strip(" ?!.,") or text


def followers_only(text: str) -> bool:
    """Whether `text` (words around a post) keeps it to the author's followers."""
    return bool(_FOLLOWERS_ONLY.search(fold(text)))


# What introduces a reply's words after its post: "just say", "en disant", "dis-lui que".
_REPLY_LEAD = re.compile(
    r"^(?:(?:and|et)\s+)?(?:(?:just|juste|simply|simplement)\s+)?"
    r"(?:say|saying|tell (?:them|him|her)|write|writing|answer|en disant|disant|dis|dites|"
    r"ecris|ecrivez|reponds|repondez|(?:pour )?(?:lui |leur )?dire)(?:-(?:lui|leur))?"
    r"(?:\s+(?:just|juste|simplement))?\b\s*(?:que\s+|qu'|that\s+)?[:,]?\s*")


def reply_text(text: str) -> str:
    """A reply's words as a rule read them, less what still introduces them ("with: ...",
    "for me, just say ...", "en disant ...") and the quotes around them."""
    text = re.sub(r"^(?:with|saying|that|avec|par|que)?\s*[:\-]\s*|^(?:with|saying|avec)\s+",
                  "", text.strip(), flags=re.I).strip()
    text = _COURTESY_HEAD.sub("", text)
    low = fold(text)
    if len(low) == len(text) and (match := _REPLY_LEAD.match(low)) and match.end() < len(text):
        text = text[match.end():]
    return _only_quoted(text.strip())


def pronoun_in(text: str) -> bool:
    """Whether `text` points at a person already named ("her profile", "son profil")."""
    return bool(re.search(r"\b(?:her|his|him|them|their|son|sa|ses|lui)\b|-(?:le|la|lui)\b",
                          fold(text)))
