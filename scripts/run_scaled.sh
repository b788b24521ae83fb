#!/usr/bin/env bash
# Starts SERVERS Rasa servers on ports 5005, 5006, ... that share their state through
# endpoints.scale.yml: conversations in PostgreSQL, per-conversation locks in Redis.
# Run it through scripts/with_action_server.sh (`make run-scaled`), and put a load
# balancer in front (docs/operations.md, "Scaling out"). Connection settings come from the
# environment; the defaults below are a local PostgreSQL and Redis.
set -euo pipefail

SERVERS="${SERVERS:-2}"
BASE_PORT="${BASE_PORT:-5005}"
export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-5432}" DB_NAME="${DB_NAME:-dl_assistant}"
export DB_USER="${DB_USER:-postgres}" DB_PASSWORD="${DB_PASSWORD-}" DB_LOGIN_DB="${DB_LOGIN_DB:-postgres}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_PASSWORD="${REDIS_PASSWORD-}" REDIS_DB="${REDIS_DB:-1}"
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://127.0.0.1:${ACTIONS_PORT:-5055}/webhook}"
export ENDPOINTS=endpoints.scale.yml

mkdir -p logs
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait || true' EXIT HUP INT TERM
for i in $(seq 0 $((SERVERS - 1))); do
  port=$((BASE_PORT + i))
  PORT="$port" scripts/serve.sh >"logs/rasa-$port.log" 2>&1 &
  pids+=($!)
  echo "Rasa server on :$port (log: logs/rasa-$port.log)"
done
# Stop them all as soon as one of them stops.
wait -n
echo "A server stopped; stopping the others." >&2
