"""Which files are articles: their suffixes and the format each names.

Shared by the settings (which upload types may be accepted) and the article reader.
"""

ARTICLE_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
