"""The chat widget in a real browser: Debian's Chromium, headless, driven by Playwright.

The page is web/index.html as `make web` serves it, talking to the assistant over
Socket.IO. The screenshots for the README are saved to results/screenshots/
(widget.png, and widget-phone.png at a phone's 390x844). The page is audited with
axe-core, installed from npm with web/package.json (no CDN), and used with the
keyboard alone.
"""

import shutil

import pytest
import yaml

from harness import ports
from tests.e2e.support import serve_folder
from tests.helpers import ROOT

playwright_api = pytest.importorskip("playwright.sync_api")
TimeoutError = playwright_api.TimeoutError

CHROMIUM = shutil.which("chromium")
SCREENSHOT = ROOT / "results" / "screenshots" / "widget.png"
PHONE_SCREENSHOT = SCREENSHOT.with_name("widget-phone.png")
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
# axe-core rules the page breaks knowingly, each with the reason; none today.
KNOWN_EXCEPTIONS: dict[str, str] = {}
GREETED = ".rw-response .rw-markdown"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
GREETING = DOMAIN["responses"]["utter_greet"][0]["text"]
# Long enough for the first reply of a freshly started assistant.
REPLY_TIMEOUT_MS = 30_000
# Nothing listens here during the tests.
CLOSED_PORT = ports.WIDGET_CLOSED


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "chromium is not installed: run make install"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def open_widget(page, url: str, timeout_ms: int = REPLY_TIMEOUT_MS) -> None:
    """Loads the page, opens the widget and waits for the assistant's greeting.

    rasa-webchat shows its launcher only once the socket is connected, so a missing
    script or an unreachable assistant both end in a timeout here.
    """
    page.goto(url)
    page.wait_for_selector(".rw-launcher", timeout=timeout_ms).click()
    wait_for_reply(page, GREETING[:40], timeout_ms)


def audit(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document)).violations.map(v => ({
            id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(" "))}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def focus_by_tab(page, selector: str, presses: int = 40) -> None:
    """Presses Tab until the focused element matches `selector`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def has_focus_ring(page) -> bool:
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; }"
    )
    return style[0] != "none" and style[1] not in ("0px", "")


def wait_for_reply(page, text: str, timeout_ms: int = REPLY_TIMEOUT_MS) -> None:
    page.locator(".rw-response", has_text=text).first.wait_for(timeout=timeout_ms)


def send(page, message: str) -> None:
    page.fill(".rw-new-message", message)
    page.keyboard.press("Enter")


def test_a_conversation_in_the_widget(browser, web_url, assistant_url):
    context = browser.new_context(viewport={"width": 1100, "height": 820})
    page = context.new_page()
    open_widget(page, f"{web_url}/?socket={assistant_url}")
    assert page.locator(".rw-title").inner_text() == "Deep-learning assistant"

    send(page, "what is a CNN?")
    wait_for_reply(page, "convolutional neural network")

    # A button offered by that reply gets its own answer when clicked.
    page.locator(".rw-reply", has_text="What makes it").last.click()
    wait_for_reply(page, "hidden layers")

    # Links in replies are clickable anchors.
    send(page, "a beginner course with python please")
    course_url = "https://www.udemy.com/course/complete-deep-learning-course-with-python/"
    page.locator(f".rw-response a[href='{course_url}']").first.wait_for(timeout=REPLY_TIMEOUT_MS)
    wait_for_reply(page, "Intro To Deep Learning With Python")

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    # The conversation survives a reload.
    page.reload()
    launcher = page.wait_for_selector(".rw-launcher", timeout=REPLY_TIMEOUT_MS)
    if not page.locator(".rw-conversation-container").is_visible():
        launcher.click()
    wait_for_reply(page, "convolutional neural network", timeout_ms=10_000)
    assert page.locator(".rw-client", has_text="what is a CNN?").count() == 1
    context.close()


def test_the_check_fails_when_the_widget_asset_is_missing(browser, tmp_path, assistant_url):
    shutil.copy(ROOT / "web" / "index.html", tmp_path / "index.html")
    port = ports.WIDGET_MISSING_ASSET_WEB
    server = serve_folder(tmp_path, port)
    page = browser.new_page()
    try:
        with pytest.raises(TimeoutError):
            open_widget(page, f"http://127.0.0.1:{port}/?socket={assistant_url}", 5_000)
    finally:
        page.close()
        server.shutdown()


def test_the_check_fails_when_the_socket_cannot_connect(browser, web_url):
    page = browser.new_page()
    try:
        with pytest.raises(TimeoutError):
            open_widget(page, f"{web_url}/?socket=http://127.0.0.1:{CLOSED_PORT}", 8_000)
    finally:
        page.close()


def test_a_page_from_another_origin_is_refused(browser, tmp_path, assistant_url):
    """CORS admits only the configured origin: the same page elsewhere cannot connect."""
    shutil.copy(ROOT / "web" / "index.html", tmp_path / "index.html")
    (tmp_path / "node_modules").symlink_to(ROOT / "web" / "node_modules")
    port = ports.WIDGET_OTHER_ORIGIN_WEB
    server = serve_folder(tmp_path, port)
    page = browser.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    try:
        with pytest.raises(TimeoutError):
            open_widget(page, f"http://127.0.0.1:{port}/?socket={assistant_url}", 8_000)
        assert any("CORS policy" in line for line in console), console
    finally:
        page.close()
        server.shutdown()


def test_the_open_widget_passes_an_accessibility_audit(browser, web_url, assistant_url):
    page = browser.new_page(viewport={"width": 1100, "height": 820})
    try:
        open_widget(page, f"{web_url}/?socket={assistant_url}")
        send(page, "what is a CNN?")
        wait_for_reply(page, "convolutional neural network")
        page.locator(".rw-reply").first.wait_for(timeout=REPLY_TIMEOUT_MS)
        found = [v for v in audit(page) if v["id"] not in KNOWN_EXCEPTIONS]
        assert not found, found
    finally:
        page.close()


def test_the_audit_fails_without_the_pages_fixes(browser, web_url, assistant_url):
    """The audit can fail: without web/a11y.js, axe-core flags the widget's icon buttons."""
    page = browser.new_page()
    page.route("**/a11y.js", lambda route: route.abort())
    try:
        open_widget(page, f"{web_url}/?socket={assistant_url}")
        assert "button-name" in {v["id"] for v in audit(page)}
    finally:
        page.close()


def test_a_conversation_with_the_keyboard_alone(browser, web_url, assistant_url):
    page = browser.new_page(viewport={"width": 1100, "height": 820})
    try:
        page.goto(f"{web_url}/?socket={assistant_url}")
        page.wait_for_selector(".rw-launcher", timeout=REPLY_TIMEOUT_MS)
        focus_by_tab(page, ".rw-launcher")
        assert has_focus_ring(page), "no visible focus on the launcher"
        page.keyboard.press("Enter")
        page.locator(GREETED).first.wait_for(timeout=REPLY_TIMEOUT_MS)
        # Once the greeting is shown, the input has the focus.
        page.wait_for_function("() => document.activeElement.matches('.rw-new-message')")
        page.keyboard.type("what is a CNN?")
        page.keyboard.press("Enter")
        wait_for_reply(page, "convolutional neural network")
        page.locator(".rw-reply").first.wait_for(timeout=REPLY_TIMEOUT_MS)
        focus_by_tab(page, ".rw-reply")
        assert has_focus_ring(page), "no visible focus on a reply button"
        page.keyboard.press("Enter")
        wait_for_reply(page, "hidden layers")
        focus_by_tab(page, ".rw-close-button, .rw-launcher")
        page.keyboard.press("Enter")
        page.wait_for_selector(".rw-chat-open", state="detached", timeout=5_000)
    finally:
        page.close()


def test_the_greeting_comes_before_anything_typed(browser, web_url, assistant_url):
    page = browser.new_page()
    try:
        page.goto(f"{web_url}/?socket={assistant_url}")
        page.wait_for_selector(".rw-launcher", timeout=REPLY_TIMEOUT_MS).click()
        field = page.locator(".rw-new-message")
        if page.locator(GREETED).count() == 0:
            assert field.is_disabled(), "the input takes text before the greeting"
        page.locator(GREETED).first.wait_for(timeout=REPLY_TIMEOUT_MS)
        send(page, "what is a CNN?")
        wait_for_reply(page, "convolutional neural network")
        order = page.evaluate(
            "() => Array.from(document.querySelectorAll('.rw-client, .rw-response .rw-markdown'))"
            ".map(e => e.innerText.slice(0, 20))"
        )
        assert order[0] == GREETING[:20], order
    finally:
        page.close()


def test_on_a_phone_the_chat_fills_the_screen(browser, web_url, assistant_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        open_widget(page, f"{web_url}/?socket={assistant_url}")
        send(page, "what is a CNN?")
        wait_for_reply(page, "convolutional neural network")
        page.locator(".rw-reply").first.wait_for(timeout=REPLY_TIMEOUT_MS)
        chat = page.locator(".rw-conversation-container").bounding_box()
        assert chat["width"] >= 380 and chat["height"] >= 700, chat
        sender = page.locator(".rw-sender").bounding_box()
        assert sender["y"] + sender["height"] <= 844, sender
        overflow = page.evaluate(
            "() => Array.from(document.querySelectorAll('.rw-replies'))"
            ".some(r => r.scrollWidth > r.clientWidth + 1)"
        )
        assert not overflow, "reply buttons run off the screen"
        PHONE_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(PHONE_SCREENSHOT))
    finally:
        context.close()


# The send button's icon and text: its colour, and whether it lies inside the window.
SEND_BUTTON = """() => {
    const button = document.querySelector('.rw-send');
    const icon = button.querySelector('.rw-send-icon, .rw-send-icon-ready');
    const box = button.getBoundingClientRect();
    const fill = getComputedStyle(icon).fill;
    return {
        fill, label: button.getAttribute('aria-label'), text: button.innerText
            || getComputedStyle(button, '::after').content,
        inside: box.width > 0 && box.right <= innerWidth && box.bottom <= innerHeight,
        transparent: /rgba\\(.*, 0\\)$/.test(fill) || fill === 'none' || fill === 'transparent',
    };
}"""


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_the_send_button_shows_and_is_labelled(browser, web_url, assistant_url, viewport):
    """Before anything is typed and after, on a desktop and a phone's screen."""
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        open_widget(page, f"{web_url}/?socket={assistant_url}")
        for typed in ("", "what is a CNN?"):
            page.fill(".rw-new-message", typed)
            shown = page.evaluate(SEND_BUTTON)
            assert shown["inside"] and not shown["transparent"], (typed, shown)
            assert shown["label"] == "Send" and "Send" in shown["text"], shown
    finally:
        context.close()


def test_a_lesson_and_a_quiz_in_the_widget(browser, web_url, assistant_url):
    from knowledge.quiz import quiz

    context = browser.new_context(viewport={"width": 1100, "height": 820})
    page = context.new_page()
    open_widget(page, f"{web_url}/?socket={assistant_url}")

    send(page, "teach me deep learning")
    wait_for_reply(page, "Step 1 of 8")
    page.locator(".rw-reply", has_text="Next").last.click()
    wait_for_reply(page, "Step 2 of 8")

    send(page, "quiz me")
    wait_for_reply(page, "Question 1 of 5")
    asked = page.locator(".rw-response", has_text="Question 1 of 5").last.inner_text()
    ask = asked.split(": ", 1)[1].strip()
    right = next(q.right for q in quiz().questions if q.ask == ask)
    # The choices are buttons: clicking the right one answers it.
    page.locator(".rw-reply", has_text=right).last.click()
    wait_for_reply(page, "Right!")
    wait_for_reply(page, "Question 2 of 5")
    context.close()
