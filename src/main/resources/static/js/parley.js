// Parley's only script besides htmx. Loaded from /js (CSP: no inline script, no eval).
(function () {
  "use strict";

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : null;
  }

  // Every htmx request that changes state carries the CSRF token.
  document.addEventListener("htmx:configRequest", function (evt) {
    var token = meta("_csrf");
    var header = meta("_csrf_header");
    if (token && header && evt.detail.verb !== "get") {
      evt.detail.headers[header] = token;
    }
  });

  // Highlight the open conversation in the list (the list is re-rendered by polling).
  function markActive() {
    var match = location.pathname.match(/^\/conversations\/(\d+)/);
    var id = match ? match[1] : null;
    document.querySelectorAll(".conv[data-conversation-id]").forEach(function (row) {
      row.classList.toggle("is-active", row.getAttribute("data-conversation-id") === id);
    });
  }

  // Count like the network counts (see ReplyLimit.java).
  function length(text, unit) {
    if (unit === "bytes") {
      return new TextEncoder().encode(text).length;
    }
    if (unit === "graphemes" && typeof Intl !== "undefined" && Intl.Segmenter) {
      var n = 0;
      for (var _ of new Intl.Segmenter().segment(text)) { n++; }
      return n;
    }
    return Array.from(text).length;
  }

  function updateCounter(textarea) {
    var form = textarea.form;
    var counter = form && form.querySelector("[data-counter]");
    var max = parseInt(textarea.getAttribute("data-max"), 10);
    if (!counter || !max) {
      return;
    }
    var used = length(textarea.value, textarea.getAttribute("data-unit") || "characters");
    counter.textContent = used + " / " + max;
    counter.classList.toggle("is-over", used > max);
    counter.classList.toggle("is-near", used <= max && used > max * 0.9);
  }

  function nearBottom(el) {
    return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  }

  function scrollToEnd() {
    var messages = document.getElementById("thread-messages");
    if (messages) {
      messages.scrollTop = messages.scrollHeight;
    }
  }

  var stickToBottom = true;

  document.addEventListener("htmx:beforeSwap", function (evt) {
    var messages = document.getElementById("thread-messages");
    stickToBottom = !messages || nearBottom(messages) || evt.detail.target.id !== "thread-messages";
  });

  document.addEventListener("htmx:afterSettle", function (evt) {
    markActive();
    var target = evt.detail.target;
    if (target && (target.id === "thread-pane" || (target.id === "thread-messages" && stickToBottom))) {
      scrollToEnd();
    }
    if (target && target.id === "thread-pane") {
      var textarea = target.querySelector(".reply-form textarea");
      if (textarea) { updateCounter(textarea); }
    }
  });

  window.addEventListener("popstate", function () { setTimeout(markActive, 0); });

  // A reply or note that was stored: empty the form. A refused one keeps the text.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = evt.detail.elt;
    if (!form || !form.matches || !form.matches(".composer-form")) {
      return;
    }
    if (evt.detail.xhr && evt.detail.xhr.status === 200) {
      form.reset();
      var problem = form.querySelector(".problem");
      if (problem) { problem.textContent = ""; }
      var textarea = form.querySelector("textarea");
      if (textarea) { updateCounter(textarea); textarea.focus(); }
    }
  });

  document.addEventListener("input", function (evt) {
    if (evt.target.matches && evt.target.matches(".reply-form textarea")) {
      updateCounter(evt.target);
    }
  });

  // Ctrl+Enter / Cmd+Enter sends.
  document.addEventListener("keydown", function (evt) {
    if (evt.key === "Enter" && (evt.ctrlKey || evt.metaKey) && evt.target.matches &&
        evt.target.matches(".composer-form textarea")) {
      evt.preventDefault();
      evt.target.form.requestSubmit();
    }
  });

  // Reply / Internal note tabs.
  document.addEventListener("click", function (evt) {
    var tab = evt.target.closest && evt.target.closest("[data-composer-tab]");
    if (!tab) {
      return;
    }
    var name = tab.getAttribute("data-composer-tab");
    var composer = tab.closest(".composer");
    composer.querySelectorAll("[data-composer-tab]").forEach(function (t) {
      var on = t === tab;
      t.classList.toggle("is-active", on);
      t.setAttribute("aria-selected", on ? "true" : "false");
    });
    composer.querySelectorAll("[data-composer]").forEach(function (form) {
      form.hidden = form.getAttribute("data-composer") !== name;
    });
    var active = composer.querySelector('[data-composer="' + name + '"] textarea');
    if (active) { active.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    markActive();
    scrollToEnd();
    document.querySelectorAll(".reply-form textarea").forEach(updateCounter);
  });
})();
