"""newsevents: news articles in, a queryable event database out."""

__version__ = "0.1.0"
