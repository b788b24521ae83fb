"""What a reply offers is recorded with it (actions/offers.py): every message the
actions send goes through `say`, which records its offer or that it offers nothing."""

import re

from actions.offers import offer_event, say
from knowledge.records import Button, steps_from_value
from tests.helpers import ROOT

DIRECT = re.compile(r"dispatcher\.utter_message\(")


def test_every_message_goes_through_say():
    direct = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "actions").glob("*.py"))
        if path.name != "offers.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DIRECT.search(line)
    ]
    assert direct == []


def test_say_records_the_offer_or_that_there_is_none(dispatcher):
    offered = [Button("How does it work?", "ask_how_dl_works")]
    events = say(dispatcher, offered, response="utter_ask_what_is_dl")
    assert dispatcher.messages[0]["response"] == "utter_ask_what_is_dl"
    assert steps_from_value(events[0]["value"]) == tuple(offered)
    assert say(dispatcher, response="utter_thank") == [offer_event()]
    assert offer_event()["value"] is None
