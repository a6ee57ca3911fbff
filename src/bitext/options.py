"""Options, typed: how inputs are read, how they are aligned, what is written, how a corpus is built.

One object of each is made by the command line (or by a library caller) and passed whole through
the pipeline, the corpus build and its workers; each is plain data (picklable, and serialised
with :func:`dataclasses.asdict` for a build's fingerprint).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

from .align import DEFAULT_WIDTH, METHODS
from .read import path_text
from .score import DEFAULT_MIN_SCORE



#: How Chinese language tags are written: with the script (zh-Hant) or the region (zh-TW).
LANG_TAG_STYLES = ("script", "region")


@dataclass(frozen=True)
class ReadOptions:
    """How input files are read and split into sentences.

    ``encoding`` applies to every input unless ``src_encoding``/``tgt_encoding`` name one side's;
    ``presplit`` reads one sentence per line (blank lines between paragraphs); ``srx`` is the path
    (a string or a path object, kept as a string) of an SRX file whose rules split the sentences;
    ``zh_script`` (``"Hans"``/``"Hant"``) converts the Chinese that is written.
    """

    encoding: str | None = None
    src_encoding: str | None = None
    tgt_encoding: str | None = None
    presplit: bool = False
    srx: str | None = None
    zh_script: str | None = None

    def __post_init__(self) -> None:
        if self.srx is not None:  # a path object is kept as its string (options are serialised)
            object.__setattr__(self, "srx", path_text(self.srx))
        if self.zh_script not in (None, "Hans", "Hant"):
            raise ValueError(f"unknown Chinese script {self.zh_script!r} (Hans or Hant)")

    def encoding_of(self, side: str) -> str | None:
        """The encoding of the ``"src"`` or ``"tgt"`` input."""
        return (self.src_encoding if side == "src" else self.tgt_encoding) or self.encoding


@dataclass(frozen=True)
class AlignOptions:
    """How two texts are aligned: the method (``lexical`` or ``length``), the corridors' starting
    margin (None: the exact search of the whole matrix), and translation memories (TMX, TSV or
    JSONL paths, strings or path objects, kept as strings) whose sentence pairs Model 1 learns
    from besides the text (``learn_from``)."""

    method: str = "lexical"
    width: int | None = DEFAULT_WIDTH
    learn_from: tuple[str, ...] = ()
    #: Keep boilerplate (navigation, datelines, credits, keyword lines) in the alignment and the
    #: units; by default it is unpaired and left out (:mod:`bitext.boilerplate`).
    keep_boilerplate: bool = False
    #: Beads confirmed by hand to keep while the rest is aligned between them: a JSONL file (records
    #: with ``"status": "confirmed"``) or a beads file (every bead); see :mod:`bitext.align.anchors`.
    anchors: str | None = None
    #: Look for paragraphs the translation moved out of order and align them apart from the rest
    #: (:mod:`bitext.align.moves`; one mining pass on texts of several paragraphs).
    moves: bool = True

    def __post_init__(self) -> None:
        # path objects are kept as strings (options are serialised); a lone path is a memory of one
        memories = (self.learn_from,) if isinstance(self.learn_from, (str, os.PathLike)) else self.learn_from
        object.__setattr__(self, "learn_from", tuple(path_text(p) for p in memories))
        if self.anchors is not None:
            object.__setattr__(self, "anchors", path_text(self.anchors))
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; choose from {', '.join(METHODS)}")
        if self.width is not None and self.width < 1:
            raise ValueError(f"width must be at least 1, got {self.width}")


@dataclass(frozen=True)
class OutputOptions:
    """What is written: the formats, the score a pair needs, and the style of Chinese tags."""

    formats: tuple[str, ...] = ("tmx", "tsv")
    min_score: float = DEFAULT_MIN_SCORE
    lang_tags: str = "script"

    def __post_init__(self) -> None:
        if self.lang_tags not in LANG_TAG_STYLES:
            raise ValueError(f"unknown language tag style {self.lang_tags!r} (script or region)")
        if not 0.0 <= self.min_score <= 1.0:
            raise ValueError(f"min_score must be in [0, 1], got {self.min_score}")


@dataclass(frozen=True)
class BuildOptions:
    """A corpus build: reading, alignment and output options, and how the build runs
    (``force`` redoes unchanged pairs, ``jobs`` processes, ``progress`` bar: None when standard
    error is a terminal); ``learn_across`` aligns every pair a second time, Model 1 learning from
    the confident pairs of the corpus's other pairs (see :mod:`bitext.corpus`)."""

    read: ReadOptions = field(default_factory=ReadOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    output: OutputOptions = field(default_factory=OutputOptions)
    force: bool = False
    jobs: int = 1
    progress: bool | None = None
    #: Align every parallel pair twice, the second time learning from the confident pairs of the
    #: others (where the corpus has more than one).
    learn_across: bool = True

    def outputs_depend_on(self) -> dict:
        """What a pair's outputs depend on (for its fingerprint): reading, alignment, output."""
        return {"read": asdict(self.read), "align": asdict(self.align), "output": asdict(self.output),
                "learn_across": self.learn_across}
