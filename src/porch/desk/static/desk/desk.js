/*
 * The moderator's desk, faster from the keyboard. Without this script every action
 * is a plain form and still works; with it, j/k move between held comments, a/s/o/t
 * act on the current one without reloading, r/e open the reply and edit forms, x
 * selects for a bulk action and ? shows or hides the help panel.
 */
(function () {
  "use strict";

  var queue = document.querySelector("[data-desk-queue]");
  if (!queue) {
    return;
  }
  var announcer = document.getElementById("desk-announcer");
  var help = document.getElementById("desk-help");
  var ACTION_KEYS = { a: "approve", s: "spam", o: "offensive", t: "off_topic" };
  var current = -1;

  function items() {
    return Array.prototype.slice.call(queue.querySelectorAll(".desk-item"));
  }

  function announce(text) {
    if (announcer) {
      announcer.textContent = text;
    }
  }

  function select(index) {
    var all = items();
    if (!all.length) {
      current = -1;
      return;
    }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (item, position) {
      item.classList.toggle("is-current", position === current);
      item.setAttribute("aria-current", position === current ? "true" : "false");
    });
    all[current].focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  }

  function currentItem() {
    var all = items();
    if (current < 0 && all.length) {
      select(0);
    }
    return all[current] || null;
  }

  function updateCounts(pending) {
    document.querySelectorAll("[data-pending-count]").forEach(function (el) {
      el.textContent = String(pending);
    });
  }

  function act(item, action) {
    var form = item.querySelector("form.desk-actions");
    var button = form && form.querySelector('button[value="' + action + '"]');
    if (!button) {
      return;
    }
    var data = new FormData(form);
    data.set("action", action);
    item.classList.add("is-busy");
    // Not form.action: the buttons are named "action", which shadows the property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        item.classList.remove("is-busy");
        if (!result.ok) {
          announce(result.body.error || "That did not work; nothing was changed.");
          return;
        }
        var position = items().indexOf(item);
        item.remove();
        updateCounts(result.body.pending);
        announce(result.body.message);
        select(position);
      })
      .catch(function () {
        item.classList.remove("is-busy");
        form.requestSubmit(button); // the page's own round trip still works
      });
  }

  function open(item, which) {
    var details = item.querySelector("details." + which);
    if (!details) {
      return;
    }
    details.open = true;
    var field = details.querySelector("textarea");
    if (field) {
      field.focus();
    }
  }

  function toggleSelected(item) {
    var box = item.querySelector("input.desk-select");
    if (box) {
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
      if (event.key === "Escape" && isTyping(event.target)) {
        var details = event.target.closest("details");
        if (details) {
          details.open = false;
          select(current);
        }
      }
      return;
    }
    var key = event.key;
    if (key === "?") {
      help.hidden = !help.hidden;
    } else if (key === "j" || key === "k") {
      select(current + (key === "j" ? 1 : -1));
    } else {
      var item = currentItem();
      if (!item) {
        return;
      }
      if (ACTION_KEYS[key]) {
        act(item, ACTION_KEYS[key]);
      } else if (key === "r") {
        open(item, "desk-reply");
      } else if (key === "e") {
        open(item, "desk-edit");
      } else if (key === "x") {
        toggleSelected(item);
      } else {
        return;
      }
    }
    event.preventDefault();
  });

  queue.addEventListener("click", function (event) {
    var item = event.target.closest(".desk-item");
    if (item) {
      current = items().indexOf(item);
      items().forEach(function (one) {
        one.classList.toggle("is-current", one === item);
      });
    }
  });

  var all = document.getElementById("desk-select-all");
  if (all) {
    all.addEventListener("change", function () {
      queue.querySelectorAll("input.desk-select").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
  if (help) {
    help.hidden = false;
  }
  select(0);
})();
