#!/bin/sh
# Time an upgrade (backup, restore into a copy, migrate) on a copy of a PostgreSQL database.
# Usage: DATABASE_URL=postgres://… bench/upgrade/run.sh [--steps N] [--zero app,app] [--keep]
# See bench/upgrade/run.py and docs/operations.md ("Upgrading").
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
exec "$root/.venv/bin/python" "$root/bench/upgrade/run.py" "$@"
