"""What the tests and the bench share: starting and stopping the servers and talking
to them (servers.py), the ports they listen on (ports.py), the quiet environment
of every Rasa process (quiet.py), the document's topics and the facts each answer
must state (topics.py), and the judge of a reply (judge.py)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
