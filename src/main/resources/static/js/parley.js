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
    // The open thread says which it is (the URL may be pushed only after the swap settles).
    var thread = document.querySelector(".thread[data-conversation-id]");
    var match = location.pathname.match(/^\/conversations\/(\d+)/);
    var id = thread ? thread.getAttribute("data-conversation-id") : match ? match[1] : null;
    document.querySelectorAll(".conv[data-conversation-id]").forEach(function (row) {
      var active = row.getAttribute("data-conversation-id") === id;
      row.classList.toggle("is-active", active);
      if (active) {
        // Opening marks it read on the server; show that now rather than at the next poll.
        row.classList.remove("is-unread");
        var dot = row.querySelector(".unread-dot");
        if (dot) { dot.remove(); }
      }
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

  // ------------------------------------------------------------ live updates (Server-Sent Events)

  function openThreadId() {
    var thread = document.querySelector(".thread[data-conversation-id]");
    return thread ? thread.getAttribute("data-conversation-id") : null;
  }

  function fire(name) {
    if (window.htmx) { htmx.trigger(document.body, name); }
  }

  // Bursts of events (an import, a bulk action) refresh once.
  var pending = {};
  function soon(name, delay) {
    if (pending[name]) { return; }
    pending[name] = setTimeout(function () {
      pending[name] = null;
      // Do not pull a menu away from under the mouse: refresh the header once it is closed.
      if (name === "thread-changed" && document.querySelector("#thread-header details[open]")) {
        soon(name, 1000);
        return;
      }
      fire(name);
    }, delay);
  }

  function connectLive() {
    var url = document.body.getAttribute("data-live");
    if (!url || !window.EventSource) { return; }
    var source = new EventSource(url);
    source.addEventListener("ready", function () { document.body.classList.add("is-live"); });
    source.addEventListener("conversation", function (evt) {
      var data = JSON.parse(evt.data);
      soon("inbox-changed", 150);
      if (String(data.id) === openThreadId()) { soon("thread-changed", 100); }
    });
    source.addEventListener("notification", function () { soon("notifications-changed", 100); });
    source.addEventListener("presence", function (evt) {
      var data = JSON.parse(evt.data);
      if (String(data.id) === openThreadId()) { soon("presence-changed", 50); }
    });
    source.onerror = function () { document.body.classList.remove("is-live"); };
  }

  // ------------------------------------------------------------ presence (viewing, typing)

  function post(url, params) {
    var body = new URLSearchParams(params || {});
    var headers = { "Content-Type": "application/x-www-form-urlencoded" };
    var token = meta("_csrf"), header = meta("_csrf_header");
    if (token && header) { headers[header] = token; }
    return fetch(url, { method: "POST", headers: headers, body: body, credentials: "same-origin" });
  }

  var present = null;      // the conversation id we report as viewing
  var lastTyping = 0;

  function presenceUrl(id) { return "/conversations/" + id + "/presence"; }

  function reportPresence() {
    var id = openThreadId();
    if (present && present !== id) {
      post(presenceUrl(present), { state: "left" });
    }
    present = id;
    if (id) {
      post(presenceUrl(id), { state: "viewing" });
      fire("presence-changed");
    }
  }

  setInterval(function () {
    if (present && document.visibilityState === "visible") {
      post(presenceUrl(present), { state: "viewing" });
    }
  }, 10000);

  window.addEventListener("pagehide", function () {
    if (present && navigator.sendBeacon) {
      var data = new URLSearchParams({ state: "left" });
      var token = meta("_csrf");
      if (token) { data.append("_csrf", token); }
      navigator.sendBeacon(presenceUrl(present), data);
    }
  });

  document.addEventListener("input", function (evt) {
    if (evt.target.matches && evt.target.matches(".reply-form textarea") && present) {
      var now = Date.now();
      if (now - lastTyping > 2500) {
        lastTyping = now;
        post(presenceUrl(present), { state: "typing" });
      }
    }
  });

  // ------------------------------------------------------------ selection and bulk actions

  var selected = new Set();

  function syncSelection() {
    document.querySelectorAll(".conv-select").forEach(function (box) {
      box.checked = selected.has(box.value);
      box.closest(".conv").classList.toggle("is-selected", box.checked);
    });
    var bar = document.getElementById("bulk-form");
    if (bar) {
      bar.hidden = selected.size === 0;
      var count = bar.querySelector("[data-bulk-count]");
      if (count) { count.textContent = String(selected.size); }
    }
  }

  document.addEventListener("change", function (evt) {
    var t = evt.target;
    if (t.matches && t.matches(".conv-select")) {
      if (t.checked) { selected.add(t.value); } else { selected.delete(t.value); }
      syncSelection();
    }
    if (t.matches && t.matches("select[data-autosubmit]")) {
      t.form.requestSubmit();
    }
  });

  // Forms that destroy something ask first (e.g. deleting a listening query and its opportunities).
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      evt.preventDefault();
    }
  });

  document.addEventListener("htmx:configRequest", function (evt) {
    // Rows scrolled away by a refresh are still selected: send every selected id.
    if (evt.detail.elt && evt.detail.elt.id === "bulk-form") {
      var params = evt.detail.parameters;
      if (params.delete) { params.delete("ids"); } else { delete params.ids; }
      selected.forEach(function (id) {
        if (params.append) { params.append("ids", id); }
        else { params.ids = (params.ids || []).concat([id]); }
      });
    }
  });

  document.addEventListener("htmx:afterRequest", function (evt) {
    if (evt.detail.elt && evt.detail.elt.id === "bulk-form" && evt.detail.successful) {
      selected.clear();
      syncSelection();
    }
  });

  document.addEventListener("click", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-bulk-clear]")) {
      selected.clear();
      syncSelection();
    }
  });

  // ------------------------------------------------------------ saved replies ("/" in the reply box)

  var savedSearch = 0;

  function slashQuery(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = before.match(/(^|\s)\/([^\s\/]{0,40})$/);
    return match ? { query: match[2], start: before.length - match[2].length - 1 } : null;
  }

  function popupOf(textarea) {
    return textarea.form && textarea.form.querySelector("#saved-popup");
  }

  function closeSaved(popup) {
    if (popup) { popup.hidden = true; popup.innerHTML = ""; }
  }

  function searchSaved(textarea) {
    var popup = popupOf(textarea);
    if (!popup) { return; }
    var slash = slashQuery(textarea);
    if (!slash) { closeSaved(popup); return; }
    var ticket = ++savedSearch;
    var url = popup.getAttribute("data-search") + "&q=" + encodeURIComponent(slash.query);
    fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (ticket !== savedSearch || !slashQuery(textarea)) { return; }
        popup.innerHTML = html;
        popup.hidden = false;
      });
  }

  function activeSaved(popup) {
    return popup.querySelector(".saved-item.is-active") || popup.querySelector(".saved-item");
  }

  function moveSaved(popup, step) {
    var items = Array.prototype.slice.call(popup.querySelectorAll(".saved-item"));
    if (items.length === 0) { return; }
    var i = items.indexOf(activeSaved(popup));
    var next = items[Math.max(0, Math.min(items.length - 1, i + step))];
    items.forEach(function (it) {
      it.classList.toggle("is-active", it === next);
      it.setAttribute("aria-selected", it === next ? "true" : "false");
    });
    next.scrollIntoView({ block: "nearest" });
  }

  function insertSaved(textarea, item) {
    var slash = slashQuery(textarea);
    var text = item.getAttribute("data-text");
    if (!slash || text === null) { return; }
    var end = textarea.selectionStart;
    textarea.value = textarea.value.slice(0, slash.start) + text + textarea.value.slice(end);
    var caret = slash.start + text.length;
    textarea.setSelectionRange(caret, caret);
    closeSaved(popupOf(textarea));
    updateCounter(textarea);
    textarea.focus();
  }

  document.addEventListener("input", function (evt) {
    if (evt.target.matches && evt.target.matches(".reply-form textarea")) { searchSaved(evt.target); }
  });

  document.addEventListener("keydown", function (evt) {
    var textarea = evt.target;
    if (!textarea.matches || !textarea.matches(".reply-form textarea")) { return; }
    var popup = popupOf(textarea);
    if (!popup || popup.hidden) { return; }
    if (evt.key === "ArrowDown" || evt.key === "ArrowUp") {
      evt.preventDefault();
      moveSaved(popup, evt.key === "ArrowDown" ? 1 : -1);
    } else if ((evt.key === "Enter" || evt.key === "Tab") && !evt.ctrlKey && !evt.metaKey) {
      var item = activeSaved(popup);
      if (item) { evt.preventDefault(); insertSaved(textarea, item); }
    } else if (evt.key === "Escape") {
      evt.preventDefault();
      closeSaved(popup);
    }
  }, true);

  document.addEventListener("mousedown", function (evt) {
    var item = evt.target.closest && evt.target.closest(".saved-item");
    if (!item) { return; }
    evt.preventDefault();
    var textarea = item.closest("form").querySelector("textarea");
    insertSaved(textarea, item);
  });

  // A suggested reply (routing rule): "Use" puts its text in an empty reply box, or after what is typed.
  document.addEventListener("click", function (evt) {
    var use = evt.target.closest && evt.target.closest("[data-use-suggestion]");
    if (!use) { return; }
    var textarea = use.closest("form").querySelector("textarea");
    var text = use.getAttribute("data-text");
    textarea.value = textarea.value.trim() === "" ? text : textarea.value.replace(/\s*$/, "\n\n") + text;
    updateCounter(textarea);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  });

  // The invitation link: one click selects it for copying.
  document.addEventListener("focusin", function (evt) {
    if (evt.target.matches && evt.target.matches("[data-select-on-focus]")) { evt.target.select(); }
  });

  // A "Copy" button next to a one-time value (a new API token): copies it and says so.
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest("[data-copy]");
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    };
    field.focus();
    field.select();
    // The clipboard API needs a secure context (https or localhost); elsewhere fall back.
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    } else if (document.execCommand("copy")) {
      done();
    }
  });

  // ------------------------------------------------------------ keyboard shortcuts

  function typingInField(target) {
    return target && target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  function move(step) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".conv"));
    if (rows.length === 0) { return; }
    var open = openThreadId();
    var current = rows.findIndex(function (r) { return r.getAttribute("data-conversation-id") === open; });
    var next = current < 0 ? (step > 0 ? 0 : rows.length - 1)
        : Math.max(0, Math.min(rows.length - 1, current + step));
    var link = rows[next].querySelector(".conv-link");
    if (link) { link.click(); rows[next].scrollIntoView({ block: "nearest" }); }
  }

  function toggleHelp(show) {
    var help = document.getElementById("shortcut-help");
    if (!help) { return; }
    if (show === undefined) { show = !help.open; }
    if (show && !help.open) { help.showModal(); }
    if (!show && help.open) { help.close(); }
  }

  document.addEventListener("keydown", function (evt) {
    if (evt.ctrlKey || evt.metaKey || evt.altKey || typingInField(evt.target)) {
      return;
    }
    var click = function (css) {
      var el = document.querySelector(css);
      if (el) { evt.preventDefault(); el.click(); }
    };
    switch (evt.key) {
      case "j": evt.preventDefault(); move(1); break;
      case "k": evt.preventDefault(); move(-1); break;
      case "r": {
        var box = document.querySelector(".reply-form textarea");
        if (box) { evt.preventDefault(); box.focus(); }
        break;
      }
      case "e": click('.segmented button[value="RESOLVED"]'); break;
      case "a": click('[data-shortcut="assign"]'); break;
      case "?": evt.preventDefault(); toggleHelp(); break;
      default: break;
    }
  });

  document.addEventListener("click", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-help-close]")) { toggleHelp(false); }
    if (evt.target.closest && evt.target.closest("[data-help-open]")) { toggleHelp(true); }
  });

  document.addEventListener("htmx:afterSettle", function (evt) {
    var target = evt.detail.target;
    if (target && target.id === "conversation-list") { syncSelection(); }
    if (target && target.id === "thread-pane") { reportPresence(); }
  });
  window.addEventListener("popstate", function () { setTimeout(reportPresence, 0); });

  document.addEventListener("DOMContentLoaded", function () {
    markActive();
    scrollToEnd();
    document.querySelectorAll(".reply-form textarea").forEach(updateCounter);
    connectLive();
    reportPresence();
  });
})();
