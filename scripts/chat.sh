#!/usr/bin/env bash
# The terminal chat (`make shell`): Rasa serves the model through the terminal channel
# (addons/terminal.py), beside the action server. Warnings from the libraries Rasa
# imports are hidden (scripts/quiet_rasa.py); errors still show.
set -euo pipefail
cd "$(dirname "$0")/.."

export PYTHONWARNINGS=ignore
export TF_CPP_MIN_LOG_LEVEL=3
export RASA_TELEMETRY_ENABLED=false
export SQLALCHEMY_SILENCE_UBER_WARNING=1

RASA="${RASA:-.venv/bin/rasa}"
PYTHON="$(dirname "$RASA")/python"
echo "Starting the assistant…"
RASA="$RASA" scripts/with_action_server.sh "$PYTHON" scripts/quiet_rasa.py run \
  --connector addons.terminal.TerminalInput \
  --model "${MODEL:-models/assistant.tar.gz}" \
  --port "${SHELL_PORT:-5006}" --quiet "$@"
