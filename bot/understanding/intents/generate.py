"""Training phrasings for the intent classifier, drawn from the templates.

    phrasings(seed=7) -> [("follow my cousin @rhea_k pls", "follow"), ...]

Deterministic for a seed. Each template is expanded several times with drawn slot
values, then augmented the way people type in chat apps: a polite or casual opener
or ending, a typo (a letter dropped, doubled or swapped), accents dropped, all lower
or upper case. The project's own phrasings (tests/understanding/phrasings.tsv) are
added as they are (each line once, several times for small talk): they hold the hard
cases of small talk ("block out the noise", "my followers are the best"). A blind set
(tests/understanding/blind/) never is.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from bot.understanding.intents.templates import EN, FR

DRAWS = 14  # expansions per template: about 14k phrasings in all
PHRASINGS = Path(__file__).parents[3] / "tests" / "understanding" / "phrasings.tsv"
CHAT_REPEATS = 2  # small talk that looks like a request weighs as much as a template

_HANDLES = ("sarah", "kai_m", "gary_t", "lena", "omar", "marcus", "nico_b", "ava", "ethan",
            "julien", "manon", "zoe_22", "tom", "priya", "lucas_dev", "mia", "chloe.b",
            "jb", "amelie", "theo", "rachel_k", "sam99", "ines", "hugo", "leo_r", "bob",
            "alice", "dj_max", "fatima", "yuki", "noah", "emma_w", "raph", "lou",
            # bare first names are most of what people type without an @: many, so that
            # none of them comes to mean anything
            "carol", "dave", "mike", "jen", "kevin", "laura", "paul", "nina", "oscar", "ruth",
            "steve", "tina", "victor", "wendy", "xavier", "yann", "zack", "anna", "ben",
            "clara", "dan", "eva", "felix", "gina", "henri", "ivan", "jade", "karim", "lina",
            "marco", "nadia", "olivia", "pierre", "quentin", "rosa", "sofia", "thomas",
            "ugo", "vera", "will", "ximena", "yasmine", "zoe", "camille", "maxime",
            "charlotte", "antoine", "sophie", "louis", "margaux", "baptiste", "elodie",
            "kenji", "aisha", "diego", "greta", "hamid", "irene", "jonas", "kira", "liam")
_TEXTS_EN = ("just finished my first marathon", "coffee time", "who's up for pizza tonight",
             "big news, i got the job!", "the sunset today was unreal", "i'm back from japan",
             "anyone know a good plumber", "new blog post is up", "happy friday everyone",
             "can't believe it's snowing", "this is my first post", "feeling great today",
             "hello world", "lol", "good morning everyone", "thanks for all the follows")
_TEXTS_FR = ("je suis en vacances", "premier jour au nouveau boulot", "qui vient ce soir",
             "j'ai fini mon marathon", "il pleut encore", "bonne année à tous",
             "nouvel article sur mon blog", "je déménage à lyon", "café ou thé ?")
_TOPICS = ("jazz", "photography", "photographie", "rust", "climbing", "escalade", "cooking",
           "cuisine", "football", "foot", "cats", "chats", "gaming", "jeux vidéo", "politics",
           "politique", "hiking", "randonnée", "music", "musique", "ai", "ia", "startups",
           "vélo", "cycling", "knitting", "anime", "f1", "books", "livres")
_QUERIES = ("rust tips", "#jazz", "the election", "concert tickets", "#climbing", "recette crêpes",
            "la grève", "world cup", "python 3.14", "#photo", "taylor swift", "météo paris",
            "job offers", "#vélo", "apartment in lyon", "hello", "nothing", "love", "today",
            "the news", "lol", "good morning", "bonjour", "merci", "coffee")
_TIMES = ("8am", "7:30", "8h", "9 pm", "18h30", "noon", "midi", "7h du matin", "21:00",
          "6 in the morning", "10pm", "8")
_ZONES = ("paris", "new york", "Europe/Paris", "montreal", "tokyo", "london", "utc+2",
          "America/Toronto", "berlin", "bruxelles")
_PLATFORMS = ("telegram", "discord", "tg", "the terminal", "console")
_NAMES = ("Sarah K", "Big Tom", "Jules", "Marie-Claire", "Dr Kai")
_BIOS = ("coffee addict and cat person", "dev in lyon", "photographe amateur",
         "runner, reader, dad")

_OPEN_EN = ("", "", "", "", "pls ", "please ", "hey ", "hey plaza ", "can you ", "could you ",
            "yo ", "ok ", "so ", "hi, ", "plaza, ", "i want to ", "i'd like to ", "quick one, ",
            "um ", "oh and ", "btw ", "hmm ")
_CLOSE_EN = ("", "", "", "", " pls", " please", " thanks", " thx", " now", " for me",
             " asap", "?", "!", " lol", " :)", " ty", " thank you", " real quick")
_OPEN_FR = ("", "", "", "", "stp ", "s'il te plaît ", "salut ", "dis ", "tu peux ",
            "je voudrais ", "hey ", "bon ", "euh ", "coucou plaza, ", "alors ", "vas-y ")
_CLOSE_FR = ("", "", "", "", " stp", " svp", " merci", " s'il te plaît", " maintenant",
             " pour moi", " !", " ?", " mdr", " steuplé", " merci bcp")

# Whole clauses people wrap a request in: greetings, reasons, asides. A request keeps
# its meaning with them, so the classifier must not take their words for small talk.
_BEFORE_EN = ("good afternoon. ", "hello, ", "hi there! ", "ok so ", "quick question, ",
              "my grandson told me to do this, ", "sorry to bother you, ", "i was wondering, ",
              "right, ", "listen, ", "so basically ", "i'm not very good with these things, ")
_AFTER_EN = (", he keeps sending me rude replies", ", she posts way too much",
             " because i haven't looked in a few days", ", could you do that please?",
             ", thank you so much", ". thanks in advance", ", i'm done with it",
             " when you get a chance", ", it's been a long day", " if that's ok",
             ", they are driving me crazy", " for my mum", " before i forget",
             " he only posts about politics", " it's my granddaughter's first post",
             " i put the wrong price", ", the posts are all ads", " we had a fight")
_BEFORE_FR = ("bonjour, ", "salut ! ", "bon alors ", "petite question, ", "excusez-moi, ",
              "mon petit-fils m'a dit de faire ça, ", "dis donc, ", "bon ben ",
              "je voulais savoir, ", "désolé de déranger, ")
_AFTER_FR = (", il arrête pas de m'écrire", ", elle poste beaucoup trop",
             " parce que j'ai pas regardé depuis lundi", ", pourriez-vous le faire ?",
             ", merci beaucoup", ". merci d'avance", ", j'en ai marre", " quand tu peux",
             ", la journée a été longue", " si c'est possible", " pour ma mère",
             " il m'envoie des liens bizarres", " j'ai mis le mauvais prix",
             " c'est le premier post de ma petite-fille", " il poste que de la pub")

_CHOICE = re.compile(r"\(([^()]*)\)")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


def _expand(template: str, rng: random.Random) -> str:
    text = _OPTIONAL.sub(lambda m: m.group(1) if rng.random() < 0.5 else "", template)
    while (match := _CHOICE.search(text)) is not None:
        text = text[:match.start()] + rng.choice(match.group(1).split("|")) + text[match.end():]
    return text


def _handle(rng: random.Random) -> str:
    handle = rng.choice(_HANDLES)
    return ("@" if rng.random() < 0.6 else "") + handle


def _number(rng: random.Random, language: str) -> str:
    n = str(rng.choice((rng.randint(1, 60), rng.randint(60, 999), rng.randint(1000, 99999))))
    shapes = ("#{}", "{}", "{}", "# {}", "post {}", "n°{}", "no. {}") if language == "en" else (
        "#{}", "{}", "{}", "n°{}", "numéro {}", "message {}")
    return rng.choice(shapes).format(n)


def _post_words(rng: random.Random, language: str) -> str:
    """Words to publish: a sample text, or as often small talk of the same language (people
    post what they would say), so that what a post says never decides what it is."""
    if rng.random() < 0.5:
        return rng.choice(_TEXTS_FR if language == "fr" else _TEXTS_EN)
    table = FR if language == "fr" else EN
    said = _expand(rng.choice([t for t in table["chat"] if "{" not in t]), rng)
    return said or rng.choice(_TEXTS_FR if language == "fr" else _TEXTS_EN)


def _fill(slot: str, rng: random.Random, language: str) -> str:
    values = {
        "h": lambda: _handle(rng),
        "n": lambda: _number(rng, language),
        "t": lambda: _post_words(rng, language),
        "q": lambda: rng.choice(_QUERIES),
        "topic": lambda: rng.choice(_TOPICS),
        "time": lambda: rng.choice(_TIMES),
        "zone": lambda: rng.choice(_ZONES),
        "plat": lambda: rng.choice(_PLATFORMS),
        "name": lambda: rng.choice(_NAMES),
        "bio": lambda: rng.choice(_BIOS),
        "code": lambda: rng.choice(("7KQ-4MX-P2Z", "482913", "abc123def", "9x2-k4m-q7p")),
    }
    return values[slot]()


def _slot_value(match: re.Match[str], rng: random.Random, language: str) -> str:
    return _fill(match.group(1), rng, language)


def _typo(text: str, rng: random.Random) -> str:
    """One slip of the thumb in a word of four letters or more, slots left alone."""
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    word, at = words[i], rng.randrange(1, len(words[i]) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:at] + word[at + 1:]
    elif kind == 1:
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at - 1] + word[at] + word[at - 1] + word[at + 1:]
    words[i] = word
    return " ".join(words)


def _no_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")


def _augment(text: str, rng: random.Random, language: str, label: str) -> str:
    if label not in ("chat", "pick", "again", "correct"):  # wrapping changes small talk
        french = language == "fr"
        opens, closes = (_OPEN_FR, _CLOSE_FR) if french else (_OPEN_EN, _CLOSE_EN)
        text = rng.choice(opens) + text + rng.choice(closes)
        if rng.random() < 0.4:
            text = rng.choice(_BEFORE_FR if french else _BEFORE_EN) + text
        if rng.random() < 0.4:
            text = text + rng.choice(_AFTER_FR if french else _AFTER_EN)
    if rng.random() < 0.25:
        text = _typo(text, rng)
    if rng.random() < 0.4:
        text = _no_accents(text)
    roll = rng.random()
    if roll < 0.08:
        text = text.upper()
    elif roll < 0.3:
        text = text[:1].upper() + text[1:]
    return text


def phrasings(seed: int = 7, draws: int = DRAWS) -> Iterator[tuple[str, str]]:
    """(message, label) pairs: labels are action names and the FOLLOW_UPS readings.

    Deterministic for `seed`; each template gives `draws` expansions. Each template
    draws from its own generator, seeded by the template itself, so adding or
    editing one template leaves every other template's expansions as they were
    (one shared generator would reshuffle all of them, and the scores with them).
    """
    for language, table in (("en", EN), ("fr", FR)):
        for label, templates in table.items():
            for template in templates:
                rng = random.Random(f"{seed}\t{language}\t{label}\t{template}")
                for _ in range(draws):
                    text = _SLOT.sub(partial(_slot_value, rng=rng, language=language),
                                     _expand(template, rng))
                    yield _augment(" ".join(text.split()), rng, language, label), label
    yield from project_phrasings()


def project_phrasings(path: Path = PHRASINGS) -> Iterator[tuple[str, str]]:
    """(message, action) for each line of the project's phrasings file, if it is there
    (a source checkout; an installed Plaza never trains)."""
    if not path.exists():
        return
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            _, text, name, args = line.split("\t")
            if name == "set_digest" and not json.loads(args):
                continue  # "an unreadable time" is a signal of the rules, not a reading
            for _ in range(CHAT_REPEATS if name == "chat" else 1):
                yield text, name
