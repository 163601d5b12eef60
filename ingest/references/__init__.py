"""Finding the documents a text refers to: the vocabulary, the grammar, the scan, their issuers."""
