"""The quiz's actions (actions/quiz.py): a round drawn, each answer read and judged,
a question asked aside answered, and the score."""

from actions.quiz import ActionQuizScore, ActionStartQuiz, ValidateQuizForm, ask_question
from actions.turn import Turn
from knowledge.quiz import Asked, quiz
from tests.helpers import make_tracker, run_action, slot_events

ROUND = [Asked(q, tuple(range(len(q.choices)))) for q in quiz().questions[:5]]
KEPT = [asked.as_value() for asked in ROUND]


def answering(text: str, intent: str, number: int, **slots):
    return make_tracker(
        text,
        intent,
        slots={"quiz_round": KEPT, "requested_slot": f"quiz_answer_{number}", **slots},
        active_loop="quiz_form",
    )


def test_a_round_draws_five_questions_and_empties_the_answers(domain):
    tracker = make_tracker("quiz me", "start_quiz", slots={"quiz_answer_1": "right"})
    messages, events = run_action(ActionStartQuiz(), tracker, domain)
    slots = slot_events(events)
    assert len(slots["quiz_round"]) == 5 and len(set(slots["quiz_round"])) == 5
    assert slots["quiz_answer_1"] is None
    assert "5 questions" in messages[0]["text"]


def test_a_question_is_asked_with_its_choices_as_buttons():
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    turn = Turn(slots={"quiz_round": KEPT})
    ask_question(dispatcher, turn, 2)
    sent = dispatcher.messages[0]
    assert sent["number"] == 2 and sent["question"] == ROUND[1].question.ask
    assert [b["payload"] for b in sent["buttons"]] == list(ROUND[1].question.choices)


def test_a_right_answer_a_wrong_one_and_a_skip(domain):
    right = ROUND[0].question.right
    messages, events = run_action(ValidateQuizForm(), answering(right, "inform", 1), domain)
    assert slot_events(events)["quiz_answer_1"] == "right"
    assert messages[0]["text"].startswith("Right!")
    messages, events = run_action(ValidateQuizForm(), answering("d", "inform", 1), domain)
    assert slot_events(events)["quiz_answer_1"] == "wrong"
    assert "Worth reading again" in messages[0]["text"]
    messages, events = run_action(ValidateQuizForm(), answering("skip", "stop", 1), domain)
    assert slot_events(events)["quiz_answer_1"] == "skipped"


def test_a_question_aside_is_answered_and_the_question_stays_open(domain):
    tracker = answering("what is a cnn?", "ask_cnn", 2)
    messages, events = run_action(ValidateQuizForm(), tracker, domain)
    assert "convolutional neural network" in messages[0]["text"]
    assert slot_events(events)["quiz_answer_2"] is None


def test_stop_ends_the_round(domain):
    messages, events = run_action(ValidateQuizForm(), answering("quit", "stop", 3), domain)
    slots = slot_events(events)
    assert slots["requested_slot"] is None and slots["quiz_stopped"] is True


def test_the_score_names_the_parts_to_revisit_and_a_course(domain):
    answers = {"quiz_answer_1": "right", "quiz_answer_2": "wrong", "quiz_answer_3": "skipped"}
    tracker = make_tracker(
        "stop", "stop", slots={"quiz_round": KEPT, "quiz_stopped": True, **answers}
    )
    messages, _ = run_action(ActionQuizScore(), tracker, domain)
    text = messages[0]["text"]
    assert text.startswith("Quiz stopped. You got 1 of 3")
    assert ROUND[1].question.part and "Worth another look" in text and "To go further on" in text
