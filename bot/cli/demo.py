"""A small lively community to try Plaza with: people, interests, follows and a week of posts.

Seeding is idempotent (a second run changes nothing) and deterministic, and
every demo person can be played in the terminal: `plaza chat --user amelie`.
"""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from storage import network
from storage.db import session_scope
from storage.models import Platform, Post, utcnow

# handle, name, language, time zone, interests
PEOPLE = [
    ("amelie", "Amélie Roux", "fr", "Europe/Paris", ["jazz", "vélo", "cuisine"]),
    ("julien", "Julien Martin", "fr", "Europe/Paris", ["escalade", "rust", "photo"]),
    ("sofia", "Sofia Costa", "en", "Europe/Lisbon", ["jazz", "photography", "travel"]),
    ("marcus", "Marcus Lee", "en", "America/New_York", ["rust", "climbing", "coffee"]),
    ("chloe", "Chloé Bernard", "fr", "Europe/Paris", ["cuisine", "jardinage", "lecture"]),
    ("kenji", "Kenji Sato", "en", "Asia/Tokyo", ["photography", "jazz", "running"]),
    ("lea", "Léa Dubois", "fr", "Europe/Brussels", ["escalade", "randonnée", "photo"]),
    ("omar", "Omar Haddad", "en", "Europe/London", ["football", "coffee", "rust"]),
    ("ines", "Inès Moreau", "fr", "America/Montreal", ["lecture", "jazz", "cinéma"]),
    ("priya", "Priya Nair", "en", "Asia/Kolkata", ["running", "books", "python"]),
    ("tom", "Tom Becker", "en", "Europe/Berlin", ["cycling", "coffee", "python"]),
    ("camille", "Camille Petit", "fr", "Europe/Paris", ["cinéma", "vélo", "jardinage"]),
    ("noah", "Noah Williams", "en", "America/Chicago", ["climbing", "hiking", "photography"]),
    ("emma", "Emma Laurent", "fr", "Europe/Paris", ["randonnée", "cuisine", "vélo"]),
    ("lucas", "Lucas Girard", "fr", "Europe/Paris", ["football", "rust", "musique"]),
    ("grace", "Grace Kim", "en", "America/Los_Angeles", ["books", "gardening", "jazz"]),
    ("hugo", "Hugo Fontaine", "fr", "Europe/Zurich", ["escalade", "ski", "photo"]),
    ("zoe", "Zoé Lambert", "fr", "Europe/Paris", ["musique", "jazz", "lecture"]),
    ("daniel", "Daniel Cohen", "en", "Europe/London", ["cooking", "travel", "books"]),
    ("mia", "Mia Schmidt", "en", "Europe/Berlin", ["hiking", "gardening", "cycling"]),
    ("arthur", "Arthur Mercier", "fr", "Europe/Paris", ["python", "rust", "café"]),
    ("nora", "Nora Jensen", "en", "Europe/Copenhagen", ["cycling", "coffee", "design"]),
    ("theo", "Théo Garnier", "fr", "Europe/Paris", ["ski", "randonnée", "cinéma"]),
    ("ava", "Ava Brown", "en", "America/Toronto", ["jazz", "running", "cooking"]),
    ("manon", "Manon Chevalier", "fr", "Europe/Paris", ["photo", "voyage", "cuisine"]),
    ("leo", "Leo Rossi", "en", "Europe/Rome", ["football", "cooking", "travel"]),
    ("sarah", "Sarah Martin", "fr", "Europe/Paris", ["jardinage", "lecture", "vélo"]),
    ("ethan", "Ethan Clark", "en", "America/Denver", ["climbing", "rust", "hiking"]),
    ("louise", "Louise Faure", "fr", "Europe/Paris", ["design", "photo", "café"]),
    ("yuki", "Yuki Tanaka", "en", "Asia/Tokyo", ["design", "running", "coffee"]),
]

POSTS = {
    "en": [
        "Just got back from a {topic} session, feeling great. #{tag}",
        "Anyone into {topic} around here? Looking for tips! #{tag}",
        "Hot take: {topic} is best enjoyed with good company.",
        "Today's small win: finally made time for {topic}. #{tag}",
        "Reading a great thread about {topic} this morning.",
        "What got you started with {topic}? Curious about your stories.",
    ],
    "fr": [
        "Retour d'une belle séance de {topic}, ça fait du bien. #{tag}",
        "Des fans de {topic} par ici ? Je cherche des conseils ! #{tag}",
        "Avis perso : {topic}, c'est encore mieux à plusieurs.",
        "Petite victoire du jour : enfin du temps pour ma passion ({topic}). #{tag}",
        "Je lis un super fil sur le thème « {topic} » ce matin.",
        "Vos meilleurs souvenirs de {topic} ? Racontez-moi !",
    ],
}
BIOS = {"en": "Mostly here for {a}, sometimes {b}.",
        "fr": "Surtout là pour parler {a}, parfois {b}."}
REPLIES = {"en": ["Love this!", "Same here 😄", "Great point.", "Tell me more!"],
           "fr": ["J'adore !", "Pareil ici 😄", "Bien vu.", "Raconte-moi tout !"]}


def _tag(topic: str) -> str:
    return "".join(c for c in topic if c.isalnum())


def seed(engine: sa.Engine, seed: int = 7) -> tuple[int, int]:
    """Create the community's members whose handles are free (someone who already chose
    "camille" keeps it, and a second run adds no one); returns (people, posts) in the
    database."""
    rng = random.Random(seed)
    with session_scope(engine) as session:
        free = [member for member in PEOPLE if network.handle_available(session, member[0])]
        if free:
            _create(session, rng, free)
        people = session.execute(sa.text("SELECT count(*) FROM person")).scalar_one()
        posts = session.execute(sa.text("SELECT count(*) FROM post")).scalar_one()
    return people, posts


def _create(session: Session, rng: random.Random, people: list[tuple]) -> None:
    members = {}
    for handle, name, language, zone, interests in people:
        person = network.register(session, handle, platform=Platform.console, external_id=handle,
                                  display_name=name, language=language)
        network.update_profile(session, person, interests=interests,
                               bio=BIOS[language].format(a=interests[0], b=interests[1]))
        network.update_settings(session, person, timezone=zone)
        members[handle] = (person, language, interests)
    for handle, (person, _, interests) in members.items():
        others = [h for h in members if h != handle]
        others.sort(key=lambda h: -len(set(interests) & set(members[h][2])) + rng.random())
        for other in others[: rng.randint(min(5, len(others)), 12)]:
            network.follow(session, person, other)
    now = utcnow()
    plan = sorted(
        (now - timedelta(minutes=rng.randint(5, 7 * 24 * 60)), handle)
        for handle in members for _ in range(rng.randint(3, 8))
    )
    made: list[int] = []
    for moment, handle in plan:
        person, language, interests = members[handle]
        topic = rng.choice(interests)
        if made and rng.random() < 0.2:
            post = network.reply(session, person, rng.choice(made[-15:]),
                                 rng.choice(REPLIES[language]))
        else:
            text = rng.choice(POSTS[language]).format(topic=topic, tag=_tag(topic))
            post = network.post(session, person, text)
            made.append(post.id)
        session.execute(sa.update(Post).where(col(Post.id) == post.id).values(created_at=moment))
        for liker in rng.sample(list(members), rng.randint(0, 4)):
            if liker != handle:
                network.like(session, members[liker][0], post.id)
