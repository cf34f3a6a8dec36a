"""What the segmentation tests share: the incidents an article text yields, by date."""

from __future__ import annotations

import pandas as pd

from geoincidents.extract import extract_text


def rows(gazetteer, text: str, published) -> pd.DataFrame:
    """The incidents ``extract_text`` finds in ``text``, sorted by date, indexed from 0."""
    inc = extract_text(text, gazetteer=gazetteer, published=published).incidents
    return inc.sort_values("date").reset_index(drop=True)
