"""Generators of shipped factor files from published data tables (development tools)."""
