#!/usr/bin/env bash
# The terminal chat (`make shell`): Rasa serves the model through the terminal channel
# (addons/terminal.py), beside the action server, in the quiet environment of
# harness/quiet.py. Warnings from the libraries Rasa imports are hidden
# (scripts/quiet_rasa.py); errors still show.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA="${RASA:-.venv/bin/rasa}"
PYTHON="$(dirname "$RASA")/python"
settings="$("$PYTHON" -m harness.quiet)"
# shellcheck disable=SC2086  # one NAME=value a word
export $settings
echo "Starting the assistant…"
RASA="$RASA" scripts/with_action_server.sh "$PYTHON" scripts/quiet_rasa.py run \
  --connector addons.terminal.TerminalInput \
  --model "${MODEL:-models/assistant.tar.gz}" \
  --port "${SHELL_PORT:-5006}" --quiet "$@"
