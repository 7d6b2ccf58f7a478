"""Reads. Selectors return querysets or plain data and never write."""
