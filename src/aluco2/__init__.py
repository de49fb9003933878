"""aluco2: embodied CO2e of primary and recycled aluminium from cited emission factors."""

__version__ = "0.1.0"
