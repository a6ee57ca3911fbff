"""The version of bitext, as every output records it (pyproject.toml states the same number for
the package). A module of its own so that any stage can import it without importing the package."""

__version__ = "0.1.0"
