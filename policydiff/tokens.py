"""Stage 3 — Japanese text to morphemes with SudachiPy.

One tokenizer per process (core dictionary, SplitMode.C), created on first use: each live
``Dictionary`` costs ~130 MiB, so nothing else may create one. ``IgnoreYomiganaPlugin``
is left out of the input-text plugins: it glues a short kana parenthetical such as
``（ユーザ）`` onto the previous word and drops it from the normalized form, which would
hide a real edit from the comparison.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from typing import TYPE_CHECKING

from .model import Token

if TYPE_CHECKING:  # pragma: no cover
    from sudachipy import Tokenizer

# Sudachi refuses one call above 49,149 UTF-8 bytes; stay well below it
MAX_CHUNK_BYTES = 32_000

_INPUT_PLUGINS = [
    {"class": "com.worksap.nlp.sudachi.DefaultInputTextPlugin"},
    {
        "class": "com.worksap.nlp.sudachi.ProlongedSoundMarkPlugin",
        "prolongedSoundMarks": ["ー", "-", "⁓", "〜", "〰"],
        "replacementSymbol": "ー",
    },
]


@functools.cache
def tokenizer() -> Tokenizer:
    """The process-wide tokenizer (loads the dictionary on first call)."""
    from sudachipy import Config, Dictionary, SplitMode

    config = Config(inputTextPlugin=_INPUT_PLUGINS)
    dictionary = Dictionary(config=config, dict="core")
    return (
        dictionary.create(mode=SplitMode.C)
        if not hasattr(dictionary, "tokenizer")
        else dictionary.tokenizer(mode=SplitMode.C)
    )


def load_lean() -> None:
    """Load the dictionary now, and let go of the pages of it that loading touched.

    The dictionary is a read-only file mapped into memory (~190 MiB); creating the tokenizer
    brings ~75 MiB of it into the process's resident memory, most of which a comparison of
    large documents that differ in a few clauses never reads again. Loaded before parsing
    and released at once (``madvise(MADV_DONTNEED)`` on the shared read-only mapping: the
    pages stay in the page cache and come back on use), the peak is that of the parsed
    documents plus the pages their changed clauses use (100 000 tiny articles: 436 -> 363
    MiB). Where the system offers none of this, the dictionary is simply loaded.
    """
    tokenizer()
    try:
        import ctypes

        madvise = ctypes.CDLL(None, use_errno=True).madvise
        madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                fields = line.split(maxsplit=5)
                # shared and read-only: nothing of the process's own can be in these pages
                if len(fields) == 6 and fields[1] == "r--s" and fields[5].rstrip().endswith(".dic"):
                    lo, hi = (int(x, 16) for x in fields[0].split("-"))
                    madvise(lo, hi - lo, _MADV_DONTNEED)
    except (OSError, AttributeError, ValueError):  # no /proc, no madvise: nothing released
        pass


_MADV_DONTNEED = 4  # Linux


def tokenize(text: str) -> list[Token]:
    """Morphemes of ``text`` with offsets into ``text``; their surfaces concatenate to ``text``."""
    out: list[Token] = []
    for offset, chunk in _chunks(text):
        out.extend(_tokenize_chunk(chunk, offset))
    return out


@functools.lru_cache(maxsize=4096)
def _tokenize_cached(chunk: str) -> tuple[Token, ...]:
    return tuple(_run_sudachi(chunk, 0))


def _tokenize_chunk(chunk: str, offset: int) -> list[Token]:
    toks = _tokenize_cached(chunk)
    if offset == 0:
        return list(toks)
    return [shifted(t, offset) for t in toks]


def shifted(t: Token, by: int) -> Token:
    """``t`` with its offsets moved by ``by`` (``dataclasses.replace`` without its field
    introspection: the word diff re-bases every token of a changed line)."""
    return Token(
        t.surface,
        t.normalized,
        t.pos,
        t.pos_detail,
        t.oov,
        t.start + by,
        t.end + by,
        t.dictionary_form,
        t.reading,
    )


_SHARED: dict[str, str] = {}


def _share(s: str) -> str:
    """One string object per distinct word form: a large document repeats its vocabulary, and
    four fresh strings per morpheme are most of the tokens' memory."""
    if len(_SHARED) > 500_000:  # a bound for long-running library use
        _SHARED.clear()
    return _SHARED.setdefault(s, s)


def _run_sudachi(chunk: str, offset: int) -> list[Token]:
    from sudachipy import errors as sudachi_errors

    try:
        morphemes = tokenizer().tokenize(chunk)
    except sudachi_errors.SudachiError:
        if len(chunk) <= 1:
            raise
        mid = _split_point(chunk)
        return _run_sudachi(chunk[:mid], offset) + _run_sudachi(chunk[mid:], offset + mid)
    out = []
    for m in morphemes:
        surface = m.surface()
        if surface:
            out.append(_token(m, surface, m.begin() + offset))
    return _repair_offsets(chunk, out, offset)


# A dictionary word's fields depend on its word id and surface alone, and a token of it on
# these and its offset: reading the fields from Sudachi morpheme by morpheme was most of the
# tokenizing time of a large document, and a document of many short clauses repeats the same
# tokens at the same offsets (one object each is then enough). Out-of-vocabulary words are
# not cached: their fields come from the text.
_WORDS: dict[tuple[int, str], tuple[str, str, str, tuple[str, ...], str, str]] = {}
_PLACED: dict[tuple[int, str, int], Token] = {}
PLACED_BELOW = 512  # offsets of tokens shared (beyond, a clause is long and rarely repeated)
CACHE_BOUND = 500_000  # entries, for long-running library use


def _token(m, surface: str, begin: int) -> Token:
    if m.is_oov():
        return _new_token(_fields(m, surface), True, begin)
    word_id = m.word_id()
    if begin >= PLACED_BELOW:
        return _new_token(_word(m, word_id, surface), False, begin)
    key = (word_id, surface, begin)
    tok = _PLACED.get(key)
    if tok is None:
        if len(_PLACED) > CACHE_BOUND:
            _PLACED.clear()
        tok = _PLACED[key] = _new_token(_word(m, word_id, surface), False, begin)
    return tok


def _new_token(fields: tuple, oov: bool, begin: int) -> Token:
    surface, normalized, pos, detail, dictionary_form, reading = fields
    return Token(
        surface=surface,
        normalized=normalized,
        pos=pos,
        pos_detail=detail,
        oov=oov,
        start=begin,
        end=begin + len(surface),
        dictionary_form=dictionary_form,
        reading=reading,
    )


def _word(m, word_id: int, surface: str) -> tuple[str, str, str, tuple[str, ...], str, str]:
    """The fields of a dictionary word, cached by word id and surface."""
    key = (word_id, surface)
    hit = _WORDS.get(key)
    if hit is None:
        if len(_WORDS) > CACHE_BOUND:
            _WORDS.clear()
        hit = _WORDS[key] = _fields(m, surface)
    return hit


def _fields(m, surface: str) -> tuple[str, str, str, tuple[str, ...], str, str]:
    """surface, normalized form, part of speech, its details, dictionary form, reading."""
    pos = m.part_of_speech()
    return (
        _share(surface),
        _share(m.normalized_form()),
        pos[0],
        tuple(pos),
        _share(m.dictionary_form()),
        _share(m.reading_form()),
    )


def _repair_offsets(chunk: str, toks: list[Token], offset: int) -> list[Token]:
    """Guarantee that the surfaces tile the chunk exactly (Sudachi normalisation can shift)."""
    pos = 0
    fixed = []
    for t in toks:
        if chunk.startswith(t.surface, pos):
            fixed.append(
                t
                if t.start == pos + offset
                else dataclasses.replace(t, start=pos + offset, end=pos + offset + len(t.surface))
            )
            pos += len(t.surface)
        else:  # pragma: no cover - defensive: never drop text
            return [
                Token(
                    c,
                    unicodedata.normalize("NFKC", c),
                    "不明",
                    ("不明",),
                    True,
                    offset + i,
                    offset + i + 1,
                    c,
                )
                for i, c in enumerate(chunk)
            ]
    if pos != len(chunk):  # pragma: no cover
        rest = chunk[pos:]
        fixed.append(
            Token(rest, rest, "不明", ("不明",), True, offset + pos, offset + len(chunk), rest)
        )
    return fixed


def _split_point(chunk: str) -> int:
    mid = len(chunk) // 2
    for sep in ("\n", "。", "、", " "):
        i = chunk.rfind(sep, 0, mid)
        if i > 0:
            return i + 1
    return mid


def _chunks(text: str):
    """(offset, chunk) pieces of at most MAX_CHUNK_BYTES, cut at line, then sentence ends."""
    if len(text.encode("utf-8")) <= MAX_CHUNK_BYTES:
        yield 0, text
        return
    start = 0
    n = len(text)
    while start < n:
        end = start
        size = 0
        last_cut = -1
        while end < n:
            size += len(text[end].encode("utf-8"))
            if size > MAX_CHUNK_BYTES:
                break
            if text[end] in "\n。":
                last_cut = end + 1
            end += 1
        if end < n and last_cut > start:
            end = last_cut
        yield start, text[start:end]
        start = end
