"""The learned part of the offline understanding: an intent classifier and its slots.

    templates   how people ask for each action (data), EN and FR
    generate    training phrasings drawn from the templates, augmented
    features    what the classifier sees of a message (shared by training and reading)
    train       `python -m bot.understanding.intents.train`: fits it (scikit-learn) and
                writes model.json.gz, the only artifact
    model       reads model.json.gz and scores a message in pure Python (no numpy at run
                time: the understanding stays small and starts fast)
    slots       the arguments of an action, read from the message
    score       `python -m bot.understanding.intents.score FILE`: accuracy on a blind set
"""
