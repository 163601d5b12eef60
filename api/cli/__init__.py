"""The ``vanban`` command."""
