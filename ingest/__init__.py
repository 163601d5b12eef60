"""Text in, records out: read letters, clean them, extract their fields and references."""
