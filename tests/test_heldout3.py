"""The third held-out labelled set (geodata/samples/heldout3/): blind, never used for tuning.

Its articles and labels were written and committed by someone who never ran the extractor
on them, while heldout/ and heldout2/ were being used to find and fix weaknesses. Until it
is first measured it carries no score floors; these tests only keep it well formed and
apart from every folder the extractor was tuned on. Never tune the extractor on this set's
failures and never edit its articles or labels.
"""

from __future__ import annotations

import re

import pytest

from geoincidents import settings
from geoincidents.evaluate import load_labels

SAMPLES = settings.data_dir / "samples"
HELDOUT3 = SAMPLES / "heldout3"
LABELS = HELDOUT3 / "labels.json"
#: folders whose articles were read while tuning the extractor
TUNED = (SAMPLES / "articles", SAMPLES / "heldout" / "articles", SAMPLES / "heldout2" / "articles")
#: labels files of the tuned folders
TUNED_LABELS = (SAMPLES / "labels.json", SAMPLES / "heldout" / "labels.json",
                SAMPLES / "heldout2" / "labels.json")


def _prose_runs(text: str, run: int = 8) -> set[str]:
    # visible prose only: drop an HTML head, scripts and styles, then every tag
    text = re.sub(r"(?is)<(head|script|style)\b.*?</\1>", " ", text)
    words = re.findall(r"[a-z0-9']+", re.sub(r"<[^>]+>", " ", text).lower())
    return {" ".join(words[i:i + run]) for i in range(len(words) - run + 1)}
