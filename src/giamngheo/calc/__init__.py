"""The arithmetic: which figure counts, attainment, deadlines, implied denominators.

Pure functions over the model's records; the day to look at is always an argument.
"""
