"""Build geoincidents, compiling the article rules with mypyc when it can.

The metadata is in setup.cfg. The modules that read articles (the six rule modules of
`geoincidents.extract` and the gazetteer: `geoincidents.compiled.RULES`) are compiled to C
extensions by mypyc, which reads their type annotations; extraction is then about 1.4x
faster. The build writes the SHA-256 of each source it compiled to
``geoincidents/_compiled.json``, so that a later edit of a source is noticed and the
source used instead.

Without mypy or a C compiler, or with ``GEOINCIDENTS_PURE=1`` set while building, the
package is installed as pure Python: slower, with the same results.
"""

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
RULES = ("extract/text", "extract/numbers", "extract/dates", "extract/mentions",
         "extract/events", "extract/records", "gazetteer")  # = geoincidents.compiled.RULES (tested)
SOURCES = [f"geoincidents/{name}.py" for name in RULES]


def extensions():
    if os.environ.get("GEOINCIDENTS_PURE", "") not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("geoincidents: mypy (mypyc) is not installed: the article rules stay pure "
              "Python", file=sys.stderr)
        return []
    try:
        # the shared library goes inside the package (not at the top of site-packages)
        return mypycify(["--ignore-missing-imports", "--follow-imports=silent", *SOURCES],
                        group_name="geoincidents._rules", opt_level="3")
    except BaseException as exc:  # mypyc exits on a type error: build pure, say why
        print(f"geoincidents: mypyc could not compile the article rules ({exc!r}): they "
              "stay pure Python", file=sys.stderr)
        return []


class BuildExt(build_ext):
    """Compile the rules when a C compiler works (else keep the pure-Python package), and
    record which sources were compiled."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # no compiler, missing headers...
            print(f"geoincidents: compiling the article rules failed ({exc}): they stay "
                  "pure Python", file=sys.stderr)
            return
        if not self.extensions:
            return
        target = Path(self.get_ext_fullpath("geoincidents.gazetteer")).parent
        digests = {name: hashlib.sha256((HERE / src).read_bytes()).hexdigest()
                   for name, src in zip(RULES, SOURCES)}
        target.mkdir(parents=True, exist_ok=True)
        (target / "_compiled.json").write_text(json.dumps(digests, indent=1) + "\n",
                                               encoding="utf-8")

    def get_outputs(self):  # the stamp belongs to the wheel with the extensions
        outputs = super().get_outputs()
        if self.extensions:
            target = Path(self.get_ext_fullpath("geoincidents.gazetteer")).parent
            outputs.append(str(target / "_compiled.json"))
        return outputs


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildExt})
