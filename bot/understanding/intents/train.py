"""Fit the intent classifier and write its artifact: `python -m bot.understanding.intents.train`.

Needs scikit-learn (the `test` extra); Plaza itself only reads the artifact
(`model.py`). TF-IDF over `features.features` (sublinear term frequency, l2 norm)
and a multinomial logistic regression, whose probabilities the confidence policy
reads. The artifact records a hash of the training phrasings, so a template changed
without training again is caught by the tests (tests/understanding/test_intents.py).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import sys
import time
from array import array
from pathlib import Path
from typing import Any

from bot.understanding.intents.features import features
from bot.understanding.intents.generate import phrasings

ARTIFACT = Path(__file__).with_name("model.json.gz")
C = 8.0  # inverse regularisation: chosen by 5-fold cross-validation on generated data only


def data_hash(rows: list[tuple[str, str]]) -> str:
    """sha256 of the training phrasings, in order (hex)."""
    digest = hashlib.sha256()
    for text, label in rows:
        digest.update(f"{label}\t{text}\n".encode())
    return digest.hexdigest()


def fit(rows: list[tuple[str, str]]) -> Any:
    """A fitted scikit-learn Pipeline (tfidf, logistic regression) over `rows`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(
        TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=2),
        LogisticRegression(C=C, max_iter=3000, class_weight="balanced"),
    )
    texts, labels = zip(*rows, strict=True)
    pipeline.fit(list(texts), list(labels))
    return pipeline


def _floats(values: Any) -> str:
    return base64.b64encode(array("f", (float(v) for v in values)).tobytes()).decode()


def artifact(pipeline: Any, rows: list[tuple[str, str]]) -> dict[str, Any]:
    """The JSON the reader needs: classes, vocabulary in index order, idf, and the
    coefficients feature-major (all classes of feature 0, then of feature 1...)."""
    vectorizer, model = pipeline[0], pipeline[-1]
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return {
        "classes": [str(c) for c in model.classes_],
        "vocabulary": vocabulary,
        "idf": _floats(vectorizer.idf_),
        "coef": _floats(model.coef_.T.reshape(-1)),
        "intercept": [float(v) for v in model.intercept_],
        "data": data_hash(rows),
    }


def main() -> int:
    started = time.perf_counter()
    rows = list(phrasings())
    pipeline = fit(rows)
    document = artifact(pipeline, rows)
    ARTIFACT.write_bytes(gzip.compress(json.dumps(document).encode(), mtime=0))
    print(f"{len(rows)} phrasings, {len(document['classes'])} classes, "
          f"{len(document['vocabulary'])} features -> {ARTIFACT.name} "
          f"({ARTIFACT.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
