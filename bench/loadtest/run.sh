#!/usr/bin/env bash
# The load test: start gunicorn with production settings on 127.0.0.1, warm it up, run the
# Locust scenario headless with 1 and then 16 users for a set time each, print the results as
# markdown tables and stop the server. See bench/README.md.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_load bench/loadtest/run.sh
#
# Environment (all optional except DATABASE_URL):
#   BENCH_DURATION=60s     how long each run lasts (Locust's --run-time)
#   BENCH_USER_COUNTS="1 16"  the runs, by number of concurrent users
#   BENCH_WARMUP=15s       an unmeasured run first, so templates and connections are warm ("0" skips)
#   BENCH_PORT=8765        where gunicorn listens (127.0.0.1 only)
#   BENCH_WORKERS=4        gunicorn worker processes
#   BENCH_THREADS=1        threads per worker (more than 1 uses the gthread worker)
#   BENCH_OUT=var/bench/<date-time>   where the CSVs, logs and report.md go
#   BENCH_USERS / BENCH_USER_PATTERN + BENCH_USER_COUNT / BENCH_PASSWORD / BENCH_POSTCODES /
#   BENCH_SEARCH_TERMS / BENCH_CONFIG   who logs in and what they type (bench/loadtest/operations.py)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to test against.}"
DURATION="${BENCH_DURATION:-60s}"
USER_COUNTS="${BENCH_USER_COUNTS:-1 16}"
WARMUP="${BENCH_WARMUP:-15s}"
PORT="${BENCH_PORT:-8765}"
WORKERS="${BENCH_WORKERS:-4}"
THREADS="${BENCH_THREADS:-1}"
OUT="${BENCH_OUT:-var/bench/$(date +%Y%m%d-%H%M%S)}"
PY="$ROOT/.venv/bin/python"
BENCH_VENV="$ROOT/bench/.venv"

if [ ! -x "$BENCH_VENV/bin/locust" ]; then
    echo "Installing Locust into bench/.venv (bench/requirements.txt)…"
    python3 -m venv "$BENCH_VENV"
    "$BENCH_VENV/bin/pip" install --quiet -r bench/requirements.txt
fi
mkdir -p "$OUT"

# Production settings: no debug, a throwaway secret, only the local host, secure cookies and
# HSTS as in production (the client says it came through TLS, see locustfile.py). Two-step
# verification is off: the simulated staff log in with a password only.
export DATABASE_URL
export WIJKTEAM_DEBUG=false
export WIJKTEAM_SECRET_KEY="${WIJKTEAM_SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')}"
export WIJKTEAM_ALLOWED_HOSTS=127.0.0.1
export WIJKTEAM_2FA_REQUIRED=false
export WIJKTEAM_VAR_DIR="${WIJKTEAM_VAR_DIR:-$ROOT/var}"
export WIJKTEAM_LOG_LEVEL="${WIJKTEAM_LOG_LEVEL:-WARNING}"

worker_class=sync
if [ "$THREADS" -gt 1 ]; then worker_class=gthread; fi
"$ROOT/.venv/bin/gunicorn" wijkteam.wsgi:application \
    --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
    --worker-class "$worker_class" --error-logfile "$OUT/gunicorn.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT INT TERM

# Up when the login page answers; the same header the proxy would send keeps it off the
# HTTPS redirect.
for _ in $(seq 1 60); do
    if "$PY" -c "
import sys, urllib.request
request = urllib.request.Request('http://127.0.0.1:$PORT/inloggen/', headers={'X-Forwarded-Proto': 'https'})
sys.exit(0 if urllib.request.urlopen(request, timeout=2).status == 200 else 1)
" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "gunicorn stopped; see $OUT/gunicorn.log" >&2
        exit 1
    fi
    sleep 1
done

locust() {
    local users=$1 time=$2 prefix=$3
    "$BENCH_VENV/bin/locust" -f bench/loadtest/locustfile.py --headless \
        --host "http://127.0.0.1:$PORT" -u "$users" -r "$users" -t "$time" \
        --stop-timeout 10 --only-summary --loglevel WARNING \
        ${prefix:+--csv "$prefix"} >"$OUT/locust-u$users.log" 2>&1 || true
}

if [ "$WARMUP" != "0" ]; then
    echo "Warming up for $WARMUP…"
    locust 4 "$WARMUP" ""
fi
csvs=()
for users in $USER_COUNTS; do
    echo "Running with $users user(s) for $DURATION…"
    locust "$users" "$DURATION" "$OUT/u$users"
    csvs+=("$OUT/u${users}_stats.csv")
done

{
    echo "gunicorn: $WORKERS $worker_class worker(s) x $THREADS thread(s); $DURATION per run; $(nproc) cores"
    echo
    "$PY" bench/loadtest/report.py "${csvs[@]}"
} | tee "$OUT/report.md"
echo
echo "CSVs, logs and report.md in $OUT"
