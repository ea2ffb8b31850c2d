"""What an editor reads: the digest and model summary, Markdown, CSV, JSON and the review page."""
