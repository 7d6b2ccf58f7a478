"""The REST API (/api/): the same selectors, services and policy as the web UI."""
