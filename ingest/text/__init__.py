"""Reading letters into clean text: file readers, legacy Vietnamese encodings, cleaning, offset maps."""
