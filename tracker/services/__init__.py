"""Writes. Each service is named <entity>_<verb>, takes keyword-only arguments and owns its
transaction; views, API classes, tasks and commands call exactly one of them."""
