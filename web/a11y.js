// Accessibility for the rasa-webchat widget, applied as its parts render: names for
// its icon buttons, a heading level that follows the page's, a focusable and
// announced message list, reply buttons that the keyboard can reach and press, and
// an input that accepts text only once the assistant's greeting is shown, so that a
// question typed early cannot land above it.
(function () {
  "use strict";

  var LABELS = {
    ".rw-launcher": "Open the chat with the deep-learning assistant",
    ".rw-close-button": "Close the chat",
    ".rw-send": "Send",
  };

  function label(root) {
    var open = root.querySelector(".rw-chat-open") !== null;
    Object.keys(LABELS).forEach(function (selector) {
      root.querySelectorAll(selector).forEach(function (button) {
        // The launcher closes the chat while it is open.
        var name = selector === ".rw-launcher" && open ? LABELS[".rw-close-button"] : LABELS[selector];
        if (button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
      });
    });
  }

  // Attributes each part gets once: the title becomes a heading one level below the
  // page's h1; the message list can be reached by keyboard and is read out as it grows.
  var ATTRIBUTES = {
    ".rw-title": { role: "heading", "aria-level": "2" },
    "#rw-messages": { tabindex: "0", role: "log", "aria-live": "polite", "aria-label": "Conversation" },
  };

  function attributes(root) {
    Object.keys(ATTRIBUTES).forEach(function (selector) {
      root.querySelectorAll(selector + ":not([data-a11y])").forEach(function (element) {
        Object.keys(ATTRIBUTES[selector]).forEach(function (name) {
          element.setAttribute(name, ATTRIBUTES[selector][name]);
        });
        element.setAttribute("data-a11y", "");
      });
    });
  }

  function replies(root) {
    root.querySelectorAll(".rw-reply:not([role])").forEach(function (reply) {
      reply.setAttribute("role", "button");
      reply.setAttribute("tabindex", "0");
      reply.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          reply.click();
        }
      });
    });
  }

  // The greeting first: the input waits for the assistant's first message.
  function input(root) {
    var field = root.querySelector(".rw-new-message");
    if (!field) return;
    if (!field.getAttribute("aria-label")) field.setAttribute("aria-label", "Your message");
    // A reply is shown once its text is (an empty .rw-response is the typing dots).
    var greeted = document.querySelector(".rw-response .rw-markdown") !== null;
    if (!greeted && !field.disabled) {
      field.disabled = true;
      field.dataset.waitingForGreeting = "true";
    } else if (greeted && field.dataset.waitingForGreeting) {
      delete field.dataset.waitingForGreeting;
      field.disabled = false;
      field.focus();
    }
  }

  function apply() {
    label(document);
    attributes(document);
    replies(document);
    input(document);
  }

  new MutationObserver(apply).observe(document.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["class", "disabled"],
  });
  apply();
})();
