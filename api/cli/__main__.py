"""``python -m api.cli``: the ``vanban`` command."""

from api.cli.main import main

main()
