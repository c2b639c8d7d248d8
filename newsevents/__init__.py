"""newsevents: news articles in, a queryable event database out."""

from tasks.version import package_version

__version__ = package_version()
