/* Porch discussion: "Reply" moves the comment form under the comment it answers.
 *
 * Without JavaScript the Reply links still work: they load ?replytocom=ID#respond and
 * the server renders the same form for that reply. This script only saves the trip.
 */
(function () {
  "use strict";

  var respond = document.getElementById("respond");
  var home = document.getElementById("respond-home");
  if (!respond || !home) {
    return;
  }
  var title = document.getElementById("reply-title-text");
  var cancel = document.getElementById("cancel-comment-reply-link");
  var parentInput = document.getElementById("comment-parent");
  var announcer = document.getElementById("reply-announcer");
  var plainTitle = "Leave a Reply";

  function focusForm() {
    var field = respond.querySelector("textarea, input:not([type=hidden])");
    if (field) {
      field.focus();
    }
  }

  function announce(text) {
    // Emptied first so that the same words twice are still read out.
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  function moveUnder(commentId, authorName) {
    var item = document.getElementById("div-comment-" + commentId);
    if (!item || !parentInput) {
      return false;
    }
    item.insertAdjacentElement("afterend", respond);
    parentInput.value = commentId;
    title.textContent = plainTitle + " to " + authorName;
    cancel.hidden = false;
    focusForm();
    announce("Replying to " + authorName + ". The comment form is now below their comment.");
    return true;
  }

  function moveHome() {
    home.insertAdjacentElement("afterend", respond);
    if (parentInput) {
      parentInput.value = "";
    }
    title.textContent = plainTitle;
    cancel.hidden = true;
    focusForm();
    announce("Reply cancelled. The comment form is back at the end of the discussion.");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment-reply-link");
    if (link && moveUnder(link.dataset.commentId, link.dataset.authorName)) {
      event.preventDefault();
      return;
    }
    if (event.target.closest("#cancel-comment-reply-link")) {
      event.preventDefault();
      moveHome();
    }
  });
})();

/* A page served from the page cache carries the signed time it was rendered, which
 * may be minutes old; the bot trap wants the time this reader started writing. The
 * first time the form gets focus, ask for a fresh one. If the request fails, the
 * cached time stays: it is still a valid one.
 */
(function () {
  "use strict";

  var form = document.getElementById("commentform");
  var url = form && form.dataset.startedUrl;
  if (!url || !form.elements.started || !window.fetch) {
    return;
  }
  form.addEventListener("focusin", function () {
    window.fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.started) {
          form.elements.started.value = data.started;
        }
      })
      .catch(function () {});
  }, { once: true });
})();
