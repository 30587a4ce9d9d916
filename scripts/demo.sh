#!/usr/bin/env bash
# Start Pledgeboard with the demo story: web on 127.0.0.1:8000, a Celery worker and beat.
# Embedded defaults (SQLite + a filesystem broker) unless DATABASE_URL / REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${PLEDGEBOARD_HOST:-127.0.0.1}
PORT=${PLEDGEBOARD_PORT:-8000}

$PY manage.py migrate --noinput
$PY manage.py load_demo

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "Stopping Pledgeboard..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

mkdir -p var/log
.venv/bin/celery -A config worker --loglevel INFO --concurrency 2 --hostname "demo@%h" >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat --loglevel INFO --pidfile= >var/log/beat.log 2>&1 &
pids+=($!)

cat <<MSG

  Pledgeboard is running at http://$HOST:$PORT/
  Logins (demo only, password 'pledgeboard'): pm, presales, leadership — admin for /admin/
  Worker and beat logs: var/log/worker.log, var/log/beat.log. Ctrl-C stops everything.

MSG
$PY manage.py runserver "$HOST:$PORT" --noreload &
pids+=($!)
wait -n "${pids[@]}"
