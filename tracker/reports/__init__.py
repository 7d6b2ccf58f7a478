"""Reporting periods, body submissions and the printed reports (nested app, label "reports")."""
