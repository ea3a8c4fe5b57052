"""Text: what may be stored, NFC normalisation, accent-insensitive folding, and "did you mean"."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from giamngheo.core.messages import Message, msg

# Characters that must never reach a file or a terminal: C0 and C1 controls, line and
# paragraph separators, bidirectional marks and overrides (which make text display as
# something it is not), and lone surrogates (bytes of an argument that were not UTF-8).
_UNSHOWABLE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
BAD_IN_LINE = re.compile(f"[\x00-\x1f{_UNSHOWABLE}]")  # one-line texts, keys, file names
BAD_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f{_UNSHOWABLE}]")  # texts that may hold tabs and newlines

# The longest texts a stored record holds: a one-line text (a source document, a name) and a note.
MAX_LINE_CHARS = 300
MAX_NOTE_CHARS = 2000


def nfc(text: str) -> str:
    """TEXT in Unicode NFC form, the form every stored text takes."""
    return unicodedata.normalize("NFC", text)


def text_problems(text: str, limit: int, bad: re.Pattern[str]) -> list[tuple[str, Message]]:
    """What keeps TEXT from being stored, as (code, message): a character BAD forbids, or more
    than LIMIT characters. The message does not name the text; the caller does."""
    problems = []
    if found := bad.search(text):
        problems.append(("bad-character", msg("holds the invisible or unprintable character U+{code}; remove it",
                                              code=f"{ord(found.group()):04X}")))
    if len(text) > limit:
        problems.append(("too-long", msg("is {length:num} characters long; at most {limit:num} are allowed",
                                         length=len(text), limit=limit)))
    return problems


def escaped(text: str) -> str:
    """TEXT with undecodable bytes and control characters spelled as escapes, safe to show on one line."""
    if text.isascii() and text.isprintable():  # nearly every text: nothing to escape
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif BAD_IN_LINE.match(char):
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


@functools.lru_cache(maxsize=4096)  # lookups fold the same plan names again and again
def fold(text: str) -> str:
    """TEXT without accents, case or extra spaces: "Sở Y tế" → "so y te", "Hoá" = "Hóa"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z&]+", " ", bare.casefold()).split())


def suggest(word: str, choices: list[str]) -> list[str]:
    """The choice closest to WORD, compared without accents and case (none when nothing is close)."""
    folded = {fold(c): c for c in choices}
    return [folded[m] for m in difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=0.6)]


def did_you_mean(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' when a choice is close to WORD, else ''."""
    close = suggest(word, choices)
    return msg(" (did you mean '{choice}'?)", choice=close[0]) if close else ""
