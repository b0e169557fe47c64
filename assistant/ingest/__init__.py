"""Articles in: reading article files, cutting them into chunks, accepting uploads."""
