"""Text: NFC normalisation, accent-insensitive folding, and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def nfc(text: str) -> str:
    """TEXT in Unicode NFC form, the form every stored text takes."""
    return unicodedata.normalize("NFC", text)


@functools.lru_cache(maxsize=4096)  # lookups fold the same plan names again and again
def fold(text: str) -> str:
    """TEXT without accents, case or extra spaces: "Sở Y tế" → "so y te", "Hoá" = "Hóa"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z&]+", " ", bare.casefold()).split())


def is_slug(text: str) -> bool:
    """True for an ASCII identifier such as `so-y-te`."""
    return SLUG.fullmatch(text) is not None


def suggest(word: str, choices: list[str], n: int = 1) -> list[str]:
    """The choices closest to WORD, compared without accents and case."""
    folded = {fold(c): c for c in choices}
    return [folded[m] for m in difflib.get_close_matches(fold(word), list(folded), n=n, cutoff=0.6)]


def did_you_mean(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' when a choice is close to WORD, else ''."""
    close = suggest(word, choices)
    return f" (did you mean '{close[0]}'?)" if close else ""
