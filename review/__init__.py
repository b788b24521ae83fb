"""Conversation review: what users asked that the assistant could not answer.

`make review` (`python -m review`) reads the conversations from the tracker store
named in an endpoints file, through Rasa's own tracker store API, so it works on the
shipped SQLite store and on PostgreSQL alike, and writes `results/review.md` and
`results/review.png`:

- messages per day, and the share of turns that got an answer, a "did you mean", a
  "not covered" reply or a decline;
- the messages that got a decline or a "did you mean", or that the classifier was
  less sure of than its fallback threshold, grouped by meaning (the MiniLM sentence
  vectors the NLU computes), the largest group first;
- the ideas people asked about that the document doesn't cover, counted;
- follow-ups that lost the thread: a decline right after an answer.

`make review-accept GROUPS=...` (`python -m review --accept ...`) writes chosen groups
as training examples to data/nlu/review_accepted.yml for a maintainer to check and
commit; nothing is trained.

Modules: store.py reads the conversations, turns.py reads each turn's reply,
groups.py groups messages by meaning, report.py writes the report and the plot,
accept.py writes accepted groups, __main__.py is the command line.
"""
