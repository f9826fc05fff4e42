"""healthlint: a fact-check linter for health claims in marketing copy."""

__version__ = "0.1.0"
