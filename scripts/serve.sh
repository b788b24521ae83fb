#!/usr/bin/env bash
# Starts one Rasa server with the project's channels and the security settings from the
# environment:
#   PORT             port of the server (5005)
#   ENDPOINTS        endpoints.yml (SQLite) or endpoints.scale.yml (PostgreSQL + Redis)
#   WEB_ORIGINS      space-separated origins allowed to call it from a browser (CORS);
#                    none by default, so pages elsewhere cannot use it
#   RASA_AUTH_TOKEN  enables Rasa's HTTP API (/conversations, /model, ...), which then
#                    answers only requests carrying ?token=<this value>; without it the
#                    API stays off and only the channels are served
set -euo pipefail

RASA="${RASA:-.venv/bin/rasa}"
MODEL="${MODEL:-models/assistant.tar.gz}"
PORT="${PORT:-5005}"
ENDPOINTS="${ENDPOINTS:-endpoints.yml}"

mkdir -p logs
args=(run --model "$MODEL" --port "$PORT" --endpoints "$ENDPOINTS" --credentials credentials.yml)
if [ -n "${WEB_ORIGINS:-}" ]; then
  # shellcheck disable=SC2206  # one origin per word
  args+=(--cors ${WEB_ORIGINS})
fi
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  args+=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
fi
exec "$RASA" "${args[@]}"
