"""The vocabulary of the synthetic network, in English and French.

Accented names and topics are there on purpose: handles must fold them to
ASCII, hashtags and search must fold diacritics ("vélo" finds "velo").
"""

from __future__ import annotations

TOPICS = (
    "music", "jazz", "cycling", "hiking", "photography", "cooking", "football", "chess",
    "travel", "gardening", "coffee", "books", "running", "climbing", "yoga", "python",
    "startups", "design", "film", "science", "astronomy", "history", "painting", "poetry",
    "birds", "cats", "dogs", "gaming", "surfing", "knitting", "baking", "wine",
    "open source", "street food", "machine learning",
    "musique", "vélo", "randonnée", "cuisine", "cinéma", "théâtre", "pâtisserie", "lecture",
    "jardinage", "échecs", "voyages", "montagne", "peinture", "poésie", "histoire", "écologie",
    "fromage", "boulangerie", "bande dessinée", "jeux vidéo", "opéra", "ski", "pétanque",
)

FIRST_NAMES = (
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
    "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter",
    "zoë", "amélie", "hélène", "françois", "jérôme", "léa", "chloé", "noémie", "gaëlle",
    "élodie", "benoît", "camille", "lucas", "manon", "théo", "inès", "raphaël", "maël",
    "sarah", "omar", "yuki", "priya", "diego", "fatou", "anouk", "liam", "emma", "noah",
)

LAST_NAMES = (
    "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand",
    "leroy", "moreau", "simon", "laurent", "lefèvre", "michel", "garcia", "fournier",
    "smith", "johnson", "williams", "brown", "jones", "miller", "davis", "wilson",
    "anderson", "taylor", "moore", "jackson", "white", "harris", "clark", "lewis",
    "nguyen", "kowalski", "okafor", "tanaka", "müller", "côté", "gagnon", "roy",
)

WORDS = {
    "en": (
        "today", "finally", "tried", "new", "the", "a", "great", "little", "morning",
        "evening", "with", "friends", "again", "really", "love", "this", "week", "weekend",
        "walk", "city", "park", "rain", "sun", "good", "bad", "idea", "plan", "thinking",
        "about", "best", "ever", "slow", "fast", "home", "train", "market", "bread", "tea",
        "notes", "learned", "started", "finished", "project", "photo", "song", "recipe",
        "river", "garden", "window", "quiet", "loud", "tomorrow", "anyone", "else", "here",
    ),
    "fr": (
        "aujourd'hui", "enfin", "essayé", "nouveau", "le", "la", "une", "petit", "matin",
        "soir", "avec", "amis", "encore", "vraiment", "adore", "cette", "semaine", "balade",
        "ville", "parc", "pluie", "soleil", "bonne", "idée", "projet", "pensée", "meilleur",
        "lent", "rapide", "maison", "marché", "pain", "thé", "appris", "commencé", "fini",
        "chanson", "recette", "rivière", "jardin", "fenêtre", "calme", "demain", "quelqu'un",
        "ici", "très", "joli", "beau", "temps", "été", "hiver", "printemps", "automne",
    ),
}

BIOS = {
    "en": ("Into {0} and {1}.", "{0}, mostly. Sometimes {1}.", "Here for {0}.", ""),
    "fr": ("Passion {0} et {1}.", "{0}, surtout. Parfois {1}.", "Ici pour {0}.", ""),
}

TIMEZONES = (
    "Europe/Paris", "Europe/London", "Europe/Brussels", "America/Montreal",
    "America/New_York", "America/Los_Angeles", "Africa/Dakar", "Asia/Tokyo",
    "Australia/Sydney", "UTC",
)
