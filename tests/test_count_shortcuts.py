"""extract.counts.all_of_them: a sentence with no "all of them" reads no munition
phrases (the answer, no roles, is the same; the phrases were read for nothing in most
sentences).  Sentences are written for these tests."""
from __future__ import annotations

from geoincidents.extract import counts


def test_no_all_of_them_reads_no_phrases(monkeypatch):
    def fail(text):
        raise AssertionError("munition phrases read")

    monkeypatch.setattr(counts, "_spans", fail)
    assert counts.all_of_them("Three rockets hit the base and two were shot down.") == \
        frozenset()


def test_all_of_them_still_read():
    assert counts.all_of_them("Officials said all of them were shot down over the sea.") == \
        {"n_intercepted"}
