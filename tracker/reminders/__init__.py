"""Deadline and reporting reminders (a Django app nested in tracker, label "reminders")."""
