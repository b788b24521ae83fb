"""`rasa data validate` that fails on every warning but one kind.

Rasa warns about a response that no story or rule uses, which is right for replies
the dialogue predicts, but some replies are sent only by custom actions
(`dispatcher.utter_message(response=...)`), and a form asks for each of its slots
with `utter_ask_<slot>`. Such a response passes when the actions' source names it or
it is a form's question; any other warning, or any error, fails.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).with_name("rasa")
UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule\.")
WARNING = re.compile(r"UserWarning: (.*)")


def responses_sent_by_actions() -> set[str]:
    source = "\n".join(path.read_text() for path in (ROOT / "actions").glob("*.py"))
    return set(re.findall(r"[\"'](utter_\w+)[\"']", source))


def form_questions() -> set[str]:
    forms = yaml.safe_load((ROOT / "domain.yml").read_text()).get("forms") or {}
    return {f"utter_ask_{slot}" for form in forms.values() for slot in form["required_slots"]}


def main() -> int:
    run = subprocess.run([str(RASA), "data", "validate"], cwd=ROOT, capture_output=True, text=True)
    output = run.stdout + run.stderr
    sent = responses_sent_by_actions() | form_questions()
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
