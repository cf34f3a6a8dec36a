"""The one JSON-lines reader: skipped lines, errors naming file, line and field."""
import pytest

from geoincidents import event_types, jsonl
from geoincidents.errors import DataError, GeoIncidentsError


def _write(tmp_path, text):
    path = tmp_path / "rules.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def test_blank_and_comment_lines_are_skipped_and_numbers_kept(tmp_path):
    path = _write(tmp_path, '// a comment\n\n{"a": 1}\n   \n  // indented comment\n{"b": 2}\n')
    assert list(jsonl.records(path)) == [(3, {"a": 1}), (6, {"b": 2})]


def test_a_last_line_without_newline_and_crlf_are_read(tmp_path):
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b'{"a": 1}\r\n{"b": "x"}')
    assert list(jsonl.records(path)) == [(1, {"a": 1}), (2, {"b": "x"})]


@pytest.mark.parametrize("text, message", [
    ('{"a": 1}\n{not json\n', r"rules.jsonl, line 2: not JSON"),
    ('["a list"]\n', r"rules.jsonl, line 1: expected a JSON object, got list"),
    ('"a string"\n', r"line 1: expected a JSON object, got str"),
])
def test_a_bad_line_is_named(tmp_path, text, message):
    with pytest.raises(DataError, match=message):
        list(jsonl.records(_write(tmp_path, text)))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DataError, match=r"nothing.jsonl: file not found"):
        list(jsonl.records(tmp_path / "nothing.jsonl"))


def test_the_caller_chooses_the_error_class(tmp_path):
    class CorpusError(GeoIncidentsError):
        pass

    with pytest.raises(CorpusError, match="line 1: not JSON"):
        list(jsonl.records(_write(tmp_path, "{\n"), error=CorpusError))


def test_where_names_file_line_and_field():
    assert jsonl.where("a.jsonl", 3) == "a.jsonl, line 3"
    assert jsonl.where("a.jsonl", 3, "pattern") == "a.jsonl, line 3, field 'pattern'"


@pytest.mark.parametrize("change, message", [
    ({"label": ""}, r"line 1, field 'label': expected a non-empty string"),
    ({"acled": "Battles"}, r"line 1, field 'acled': expected \[event_type"),
])
def test_the_event_type_registry_names_a_bad_field(tmp_path, monkeypatch, change, message):
    import json
    rec = json.loads(event_types.REGISTRY.read_text().splitlines()[0]) | change
    path = tmp_path / "event_types.jsonl"
    path.write_text(json.dumps(rec) + "\n")
    monkeypatch.setattr(event_types, "REGISTRY", path)
    event_types.registry.cache_clear()
    try:
        with pytest.raises(DataError, match=message):
            event_types.registry()
    finally:
        event_types.registry.cache_clear()
