"""What each command shows, as data: tables of raw values with their labels, and summary lines.

No styling here: a row carries a tone (good, warn, bad …) and render/ decides how it looks.
"""
