"""Table cells made safe for spreadsheets (CSV) and for Markdown; tables rendered with them.

Text from the inputs (place names, notes, actors, reject values) reaches CSV reports
and exports. A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return, which some strip first) as a formula; ``=HYPERLINK(...)``
or ``=WEBSERVICE(...)`` can leak the sheet. Following OWASP's advice on CSV injection,
such a *text* cell gets a single quote in front and is quoted. Numbers stay numbers:
numeric columns are never touched, and a text cell that is a plain number (``-12.5``)
is not a formula either. The full-width forms (``＝ ＋ － ＠``) are treated alike.

In Markdown tables ``|`` would end the cell and HTML would be rendered: both, and the
backslash and line breaks, are escaped.

Examples
--------
>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("-12.5"), neutralise("-1+2")
('-12.5', "'-1+2")
>>> markdown_escape("a|b <i>")
'a\\\\|b &lt;i&gt;'
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP), with
#: their full-width forms.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_QUOTED_START = tuple("'" + c for c in FORMULA_STARTS)


def neutralise(value: str) -> str:
    """``value`` with a single quote in front if a spreadsheet would run it as a formula."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER_RE.fullmatch(value):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The frame with its text cells (and text headers and index) neutralised, and
    whether any was."""
    import pandas as pd

    changed = False
    out = frame
    for i, col in enumerate(frame.columns):
        series = frame.iloc[:, i]
        if not _textual(series):
            continue
        text = series.astype("string")
        mask = (text.str.startswith(FORMULA_STARTS) & ~text.str.fullmatch(_NUMBER)) \
            .fillna(False).to_numpy(dtype=bool)
        if mask.any():
            if out is frame:
                out = frame.copy()
            values = series.astype(object).to_numpy(copy=True)
            values[mask] = ["'" + v for v in text[mask]]
            out.isetitem(i, pd.Series(values, index=frame.index, name=col))
            changed = True
    columns = [neutralise(c) if isinstance(c, str) else c for c in frame.columns]
    if columns != list(frame.columns):
        out = out.copy() if out is frame else out
        out.columns = columns
        changed = True
    if _textual(frame.index):
        index = frame.index.map(lambda v: neutralise(v) if isinstance(v, str) else v)
        if not index.equals(frame.index):
            out = out.copy() if out is frame else out
            out.index = index
            changed = True
    return out, changed


def _textual(values: Any) -> bool:
    import pandas as pd

    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)


def to_csv(frame: pd.DataFrame, **kwargs: Any) -> str:
    """``frame.to_csv(**kwargs)`` as text, with formula-like text cells neutralised and
    quoted. Without such cells the text is exactly pandas'."""
    safe, changed = csv_safe(frame)
    text = safe.to_csv(**kwargs)
    if not changed:
        return text
    return _quote_neutralised(text, kwargs.get("lineterminator") or "\n")


def _quote_neutralised(text: str, newline: str) -> str:
    """Re-write CSV text with every neutralised cell quoted; other cells as the csv
    module's minimal quoting has them."""
    out = []
    for row in csv.reader(io.StringIO(text, newline="")):
        if row == [""]:
            out.append('""')
            continue
        out.append(",".join(_cell(c) for c in row))
    return newline.join(out) + newline if out else ""


def _cell(value: str) -> str:
    if value.startswith(_QUOTED_START) or any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(frame: pd.DataFrame, fh: Any, **kwargs: Any) -> None:
    """Write ``frame`` as safe CSV to an open text file (see `to_csv`)."""
    fh.write(to_csv(frame, **kwargs))


_MD_ESCAPES = str.maketrans({"\\": "\\\\", "|": "\\|", "&": "&amp;", "<": "&lt;",
                             ">": "&gt;"})
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def markdown_escape(value: str) -> str:
    """Text for one Markdown table cell: ``\\``, ``|`` and HTML escaped, line breaks as
    ``<br>``."""
    return _LINE_BREAKS.sub("<br>", value.translate(_MD_ESCAPES))


def markdown_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell, text header and text index label escaped for a
    Markdown table (numbers untouched)."""
    out = frame.copy()
    for i in range(out.shape[1]):
        series = out.iloc[:, i]
        if _textual(series):
            out.isetitem(i, series.map(lambda v: markdown_escape(v) if isinstance(v, str)
                                       else v))
    out.columns = [markdown_escape(c) if isinstance(c, str) else c for c in out.columns]
    if _textual(out.index):
        out.index = out.index.map(lambda v: markdown_escape(v) if isinstance(v, str) else v)
    return out


#: The formats `format_frame` renders.
FORMATS = ("table", "csv", "json", "markdown")


def format_frame(frame: pd.DataFrame, fmt: str, *, index: bool = False,
                 digits: int = 2) -> str:
    """Render a report: an aligned ``table``, ``csv``, ``json`` (records) or ``markdown``.

    CSV text cells that start like a spreadsheet formula get a ``'`` in front and are
    quoted; Markdown cells have ``|``, ``\\`` and HTML escaped (see `geoincidents.cells`).
    """
    import pandas as pd

    if fmt not in FORMATS:
        raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {FORMATS}")
    frame = frame.copy()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    if fmt == "csv":  # text cells that a spreadsheet would run as formulas are neutralised
        return to_csv(frame, index=index, float_format=f"%.{max(digits, 3)}f")
    if fmt == "json":
        records = json.loads(frame.reset_index().to_json(orient="records") if index
                             else frame.to_json(orient="records"))
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    from tabulate import tabulate

    if fmt == "markdown":  # a | would end the cell, HTML would be rendered
        frame = markdown_safe(frame)
    shown = frame.astype(object).where(frame.notna(), "")
    return tabulate(shown, headers="keys", showindex=index, floatfmt=f".{digits}f",
                    tablefmt="github" if fmt == "markdown" else "simple") + "\n"


__all__ = ["FORMATS", "FORMULA_STARTS", "csv_safe", "format_frame", "markdown_escape",
           "markdown_safe", "neutralise", "to_csv", "write_csv"]
