"""Models of the reminders app."""
