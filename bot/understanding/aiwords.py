"""Rules for the AI opt-out (issue 18).

    "don't use my posts for AI", "n'utilise pas mes messages pour l'IA"     -> ai_opt_out
    "you can use my posts for AI again", "tu peux utiliser mes messages pour l'IA"
                                                                  -> ai_opt_out(out=false)

    "explain #46", "c'est quoi le contexte du n°46 ?"                     -> explain
    "catch me up on #rust", "what did I miss on #rust?", "quoi de neuf sur #rust ?"
                                                                  -> catch_up
    ("catch me up", "what did I miss?" alone stay the feed, as people mean it there.)
    "what are my friends saying about the election?"         -> catch_up(friends=true)

Matched on the folded message (bot.understanding.wording: lower case, no accents).
"""

from __future__ import annotations

import re

from bot.understanding.grammar import Args, Rule, define, read_groups, rules
from bot.understanding.wording import Message

define(
    AI=r"(?:ai|a\.i\.|ia|i\.a\.|llms?|language models?|modeles? de langage|chatgpt|gpt|"
    r"(?:the |l')?(?:ai|ia) (?:training|summaries|resumes|features?))",
    MYPOSTS=r"(?:my (?:posts?|messages?|data|words|content|stuff|tweets?)|"
    r"mes (?:messages?|posts?|donnees|publications?|ecrits))",
)


def _out(match: re.Match[str], message: Message) -> Args:
    return {"out": True}


def _back_in(match: re.Match[str], message: Message) -> Args:
    return {"out": False}


AI_WORDS: list[Rule] = [
    *rules("ai_opt_out", "en",
           r"(?:you can |please )?(?:use|feed|send) <MYPOSTS> (?:to|for|with|in) (?:the )?<AI> "
           r"again<PLZ>",
           r"(?:you can |you may )?(?:use|feed|send|read) <MYPOSTS> (?:to|for|with|in) (?:the )?"
           r"<AI>(?: again)?<PLZ>",
           r"(?:opt|put) (?:me |my posts )?back in(?:to)? (?:the )?<AI>",
           r"(?:allow|let) <AI> (?:to )?(?:use|read) <MYPOSTS>(?: again)?",
           build=_back_in),
    *rules("ai_opt_out", "fr",
           r"(?:(?:tu peux|vous pouvez) )?(?:de nouveau |a nouveau )?(?:utiliser|envoyer|lire) "
           r"<MYPOSTS> (?:pour|avec|a|dans) (?:l'|la |le )?<AI>(?: de nouveau| a nouveau)?<PLZ>",
           r"(?:reutilise|reutilisez) <MYPOSTS> (?:pour|avec) (?:l'|la |le )?<AI><PLZ>",
           build=_back_in),
    *rules("ai_opt_out", "en",
           r"(?:please )?(?:don't|do not|never|stop) (?:use|using|feed|feeding|send|sending|"
           r"give|giving|share|sharing) <MYPOSTS> (?:to|for|with|in|into) (?:the |any )?<AI><PLZ>",
           r"(?:keep|leave) <MYPOSTS> out of (?:the |any )?<AI><PLZ>",
           r"opt (?:me |my posts )?out of (?:the |any )?<AI>",
           r"(?:no|disable|turn off) <AI> (?:on|for|with) <MYPOSTS>",
           build=_out),
    *rules("ai_opt_out", "fr",
           r"(?:n'|ne )?(?:utilise|utilisez|envoie|envoyez|donne|donnez) (?:pas|jamais|plus) "
           r"<MYPOSTS> (?:pour|a|avec|dans) (?:l'|la |le |aucune? )?<AI><PLZ>",
           r"(?:ne )?(?:m'?utilise|utilise) pas mes (?:messages|posts) pour (?:l')?<AI>",
           r"(?:garde|gardez|tiens|tenez) <MYPOSTS> (?:hors|a l'ecart) de (?:l'|la )?<AI><PLZ>",
           r"pas d'<AI> (?:sur|avec|pour) <MYPOSTS>",
           build=_out),
]


def _friends(match: re.Match[str], message: Message) -> Args | None:
    """A catch-up on what the people one follows said (the topic read as usual)."""
    args = read_groups("catch_up", match, message)
    return None if args is None else {**args, "friends": True}


define(
    # not the feed itself: "catch me up on my timeline" reads the feed (read_feed)
    CATCHTOPIC=r"(?!(?:my |the |mon |ma |le |la )?(?:home )?(?:feed|timeline|fil|flux|news|"
    r"tl|plaza|ici|here)\b)"
    r"(?P<topic>#[^\W\d]\S*|\S.*?)",
    RATE=r"(?:aujourd'hui|hier|ce matin|ce soir|recemment|pendant mon absence|cette nuit)",
)

BRIEFING: list[Rule] = [
    *rules("explain", "en",
           r"(?:can you |could you |please )?explain <REF>(?: (?:to me|for me))?<PLZ>",
           r"(?:what's|what is|whats) the (?:context|backstory|story|background) "
           r"(?:of|for|behind|on|to) <REF>",
           r"(?:give me |i need |i want )?(?:some |the )?(?:context|background) "
           r"(?:on|for|of) <REF>",
           r"what(?:'s| is) <REF> (?:about|referring to|talking about)",
           r"(?:eli5|explain like i'm five) <REF>"),
    *rules("explain", "fr",
           r"(?:peux-tu |pourrais-tu |tu peux )?explique(?:z)?(?:~moi| moi)? <REF><PLZ>",
           r"(?:c'est quoi|quel est) le contexte <REF>",
           r"(?:le )?contexte <REF>(?: stp| svp)?",
           r"(?:de quoi parle|ca parle de quoi,?) <REF>"),
    *rules("catch_up", "en",
           r"what (?:are|is) (?:my friends|my people|my network|the people i follow|people i "
           r"follow|my follows) (?:saying|posting|talking|writing) about <CATCHTOPIC>",
           build=_friends),
    *rules("catch_up", "en",
           r"(?:catch|fill) me (?:up|in) (?:on|about|with) <CATCHTOPIC><PLZ>",
           r"what did i miss (?:on|about|with|in) <CATCHTOPIC>",
           r"what(?:'s| is| have i) (?:been )?(?:happening|said|being said|going on|new|missed) "
           r"(?:on|about|with|in) (?P<topic>#[^\W\d]\S*)",
           r"(?:summarize|summarise|recap) (?:what i missed|the day|today)"),
    *rules("catch_up", "fr",
           r"(?:que|qu'est-ce que) (?:disent|racontent) (?:mes amis|mes potes|mes abonnements|"
           r"les gens que je suis) (?:sur|de|a propos de|au sujet de) <CATCHTOPIC>",
           build=_friends),
    *rules("catch_up", "fr",
           r"quoi de neuf (?:sur|a propos de|au sujet de) <CATCHTOPIC>",
           r"(?:qu'est-ce que|qu'est~ce que) j'ai (?:rate|manque) (?:sur|a propos de) "
           r"<CATCHTOPIC>",
           r"(?:mets|met)(?:~moi| moi) a jour sur <CATCHTOPIC><PLZ>",
           r"(?:resume|resume-moi|resume moi) ce que j'ai (?:rate|manque)(?: <RATE>)?"),
]
