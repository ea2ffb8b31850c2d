"""Reading articles: files, stdin, HTML pages, front matter and metadata, into `Article`s."""
