"""Word knowledge and text: spans of sentences and paragraphs, the spaCy pipeline, and the
lexicon (months, weekdays, name particles, titles, speech verbs), each kind collected once."""
