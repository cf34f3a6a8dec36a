"""Geoparsing: find the place names of a text (statistical NER plus the curated
landmarks) and resolve each to a place by the evidence of the whole document.

The public API is small:

- `geoincidents.geoparse.detect.detect` — toponym spans of a text or a spaCy ``Doc``;
- `geoincidents.geoparse.resolve.geoparse` — detect and resolve, end to end;
- `geoincidents.geoparse.resolve.resolve_spans` — resolve given spans (gold or user);
- `geoincidents.geoparse.evaluate` — the field's measures on an annotated corpus.

Submodules are imported on use: importing this package costs nothing.
"""
