"""Plaza's social network: people, posts, follows and the rules over them.

Nothing in this package knows about chat platforms or language models.
"""
