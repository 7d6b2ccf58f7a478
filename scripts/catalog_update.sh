#!/usr/bin/env bash
# Refresh the Vietnamese catalog: collect msgids, fill new ones from TSV files
# ("English msgid<TAB>Vietnamese msgstr" per line), compile. Serialised with flock so several
# people editing at once do not overwrite each other.
#   scripts/catalog_update.sh [my-strings.tsv ...]
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/theodoi-catalog.lock
flock 9
.venv/bin/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench -v0
if [ $# -gt 0 ]; then .venv/bin/python scripts/po_fill.py locale/vi/LC_MESSAGES/django.po "$@"; fi
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv
