"""Facts by subject, one module each: quotes, numbers, dates, names, withheld values. Each
recognises its kind, reads it from the parse and normalises it; `rules` is the extractor that
drives them over an article."""
