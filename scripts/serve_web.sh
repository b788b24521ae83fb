#!/usr/bin/env bash
# Serves the demo page (web/) and the assistant with the socket.io and REST channels.
# Ctrl-C stops both. The action server is started around this by with_action_server.sh.
#   WEB_PORT      port of the page                  (default 8080)
#   RASA_PORT     port of the assistant             (default 5005)
#   WEB_ORIGINS   origins allowed by CORS, spaces between them
#                 (default: the page's own, http://localhost:$WEB_PORT and http://127.0.0.1:$WEB_PORT)
set -euo pipefail

WEB_PORT="${WEB_PORT:-8080}"
RASA_PORT="${RASA_PORT:-5005}"
WEB_ORIGINS="${WEB_ORIGINS:-http://localhost:${WEB_PORT} http://127.0.0.1:${WEB_PORT}}"
RASA="${RASA:-.venv/bin/rasa}"
MODEL="${MODEL:-models/assistant.tar.gz}"

test -f web/node_modules/rasa-webchat/lib/index.js || {
  echo "The widget is not installed: run make web" >&2
  exit 1
}

.venv/bin/python -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory web >logs/web.log 2>&1 &
web_pid=$!
trap 'kill "$web_pid" 2>/dev/null || true' EXIT HUP INT TERM

echo "Chat page: http://localhost:${WEB_PORT} (assistant on :${RASA_PORT}, CORS: ${WEB_ORIGINS})"
WEB_ORIGINS="$WEB_ORIGINS" PORT="$RASA_PORT" RASA="$RASA" MODEL="$MODEL" scripts/serve.sh
