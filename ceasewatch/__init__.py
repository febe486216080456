"""ceasewatch: a ceasefire-compliance tracker that records who alleges what, never a verdict."""

__version__ = "0.1.0"
