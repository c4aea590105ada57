"""The intent classifier at run time: the trained artifact, scored in pure Python.

    Classifier.load().rank("folow @kai_m") -> [("follow", 0.93), ("unfollow", 0.02), ...]

Reproduces what scikit-learn's fitted pipeline computes (train.py): TF-IDF with
sublinear term frequency (1 + ln count) and l2 normalisation, then a softmax over
the linear scores. No numpy: reading costs a few MB and no import time.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from array import array
from collections import Counter
from functools import cache
from pathlib import Path

from bot.understanding.intents.features import features

ARTIFACT = Path(__file__).with_name("model.json.gz")


def _floats(text: str) -> array[float]:
    values = array("f")
    values.frombytes(base64.b64decode(text))
    return values


class Classifier:
    """A linear model over TF-IDF features; `rank` gives every class with its probability."""

    def __init__(self, classes: list[str], vocabulary: list[str], idf: array[float],
                 coef: array[float], intercept: list[float], data: str) -> None:
        self.classes = classes
        self.index = {feature: i for i, feature in enumerate(vocabulary)}
        self.idf = idf
        self.coef = coef
        self.intercept = intercept
        self.data = data  # the training data's hash (train.data_hash)

    @classmethod
    def load(cls, path: Path = ARTIFACT) -> Classifier:
        """Read the artifact train.py wrote. Raises OSError if it is missing."""
        document = json.loads(gzip.decompress(path.read_bytes()))
        return cls(document["classes"], document["vocabulary"], _floats(document["idf"]),
                   _floats(document["coef"]), document["intercept"], document["data"])

    def known_share(self, text: str) -> float:
        """The share (0 to 1) of the distinct words of `text` the training phrasings used:
        low for words the classifier never saw ("blah blah"), whose probabilities are an
        extrapolation. 1.0 for a message without words."""
        words = {f for f in features(text) if f.startswith("w:") and " " not in f}
        return sum(w in self.index for w in words) / len(words) if words else 1.0

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every class and its probability (summing to 1), most likely first."""
        weights: dict[int, float] = {}
        for feature, count in Counter(features(text)).items():
            if (i := self.index.get(feature)) is not None:
                weights[i] = (1.0 + math.log(count)) * self.idf[i]
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        width = len(self.classes)
        scores = list(self.intercept)
        coef = self.coef
        for i, weight in weights.items():
            w = weight / norm
            base = i * width
            for k in range(width):
                scores[k] += w * coef[base + k]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        ranked = sorted(zip(self.classes, (e / total for e in exps), strict=True),
                        key=lambda pair: pair[1], reverse=True)
        return ranked


@cache
def classifier() -> Classifier:
    """The classifier shipped with Plaza, read once per process."""
    return Classifier.load()
