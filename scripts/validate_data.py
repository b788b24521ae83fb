"""`rasa data validate` that fails on every warning but one kind.

Rasa warns about a response that no story or rule uses, which is right for replies
the dialogue predicts, but some replies are sent only by custom actions
(`dispatcher.utter_message(response=...)`, with the response's name chosen by the
action, by the knowledge package's course search, or after a part of the document).
Such a response passes when the source of actions/ or knowledge/ names it or it is a
part's answer; any other warning, or any error, fails.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).with_name("rasa")
UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule\.")
WARNING = re.compile(r"UserWarning: (.*)")


def responses_sent_by_actions() -> set[str]:
    """The responses named in the actions' and the knowledge package's source, and
    each part's answer (the actions send it by the part's name: actions/parts.py)."""
    from knowledge.document import document

    paths = [*(ROOT / "actions").glob("*.py"), *(ROOT / "knowledge").glob("*.py")]
    source = "\n".join(path.read_text() for path in paths)
    named = set(re.findall(r"[\"'](utter_\w+)[\"']", source))
    return named | {f"utter_{part.intent}" for part in document().replied_by_response}


def main() -> int:
    run = subprocess.run([str(RASA), "data", "validate"], cwd=ROOT, capture_output=True, text=True)
    output = run.stdout + run.stderr
    sent = responses_sent_by_actions()
    problems = []
    for message in WARNING.findall(output):
        unused = UNUSED.search(message)
        if unused and unused.group(1) in sent:
            continue
        problems.append(message.strip())
    for problem in problems:
        print(f"warning: {problem}")
    if run.returncode != 0:
        print(output[-3000:])
        return run.returncode
    print(f"data valid ({len(problems)} warnings)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
