"""The embedded store: networkx in memory, a snapshot and a checksummed journal on disk."""
