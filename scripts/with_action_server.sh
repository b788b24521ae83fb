#!/usr/bin/env bash
# Runs a command with the action server alongside it: starts `rasa run actions` in the
# background, waits until it answers, runs the command, and stops the server when the
# command ends (including on Ctrl-C).
set -euo pipefail

ACTIONS_PORT="${ACTIONS_PORT:-5055}"
RASA="${RASA:-.venv/bin/rasa}"
mkdir -p logs

# The action server only needs to be reachable by Rasa on this machine.
SANIC_HOST="${ACTIONS_HOST:-127.0.0.1}" "$RASA" run actions --actions actions \
  --port "$ACTIONS_PORT" >logs/actions.log 2>&1 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true; wait "$actions_pid" 2>/dev/null || true' EXIT HUP INT TERM

for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:${ACTIONS_PORT}/health" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$actions_pid" 2>/dev/null; then
    echo "The action server failed to start; see logs/actions.log:" >&2
    tail -n 20 logs/actions.log >&2
    exit 1
  fi
  sleep 0.5
done

"$@"
