"""Text analysis every stage shares: language detection, sentence spans, sentences addressed to a model."""
