"""`python -m giamngheo`."""

from giamngheo.cli import main

main()
