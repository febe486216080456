"""``python -m ceasewatch``."""

from .cli import main

main()
