"""giamngheo: a tracker for Thanh Hoá's 2017 poverty-reduction plan (Kế hoạch 35/KH-UBND)."""

__version__ = "0.1.0"
