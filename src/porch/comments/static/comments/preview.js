/* Porch comment form: the error summary gets the focus, and "Preview" shows the text
 * as it will look.
 *
 * The summary (comments/form_errors.html) is read out anyway (role=alert); moving the
 * focus there also puts keyboard users at it, next to the links to each field.
 *
 * The preview posts the text to comments:preview, which renders it exactly as a
 * posted comment is rendered. The page may come from the page cache, without a CSRF
 * token: the browser's Origin header vouches for the request then, as it does for
 * the form itself. When the page has a token, it is sent along.
 */
(function () {
  "use strict";

  var summary = document.getElementById("comment-form-errors");
  if (summary) {
    // After "load": Chromium's scroll to the page's #respond, done while the page
    // loads, takes the focus back to the document.
    window.addEventListener("load", function () {
      summary.focus();
    }, { once: true });
  }

  var form = document.getElementById("commentform");
  var button = document.getElementById("comment-preview-button");
  var region = document.getElementById("comment-preview");
  var output = document.getElementById("comment-preview-body");
  if (!form || !button || !region || !output || !window.fetch || !form.dataset.previewUrl) {
    return;
  }
  var box = form.elements.body;
  if (!box) {
    return;
  }

  function show(html, isError) {
    region.hidden = false;
    region.classList.toggle("comment-preview--error", Boolean(isError));
    if (isError) {
      output.textContent = html;
    } else {
      // Sanitised by the server with the same allowlist as a posted comment.
      output.innerHTML = html;
    }
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    var data = new URLSearchParams();
    data.set("body", box.value);
    var token = form.elements.csrfmiddlewaretoken;
    if (token) {
      data.set("csrfmiddlewaretoken", token.value);
    }
    button.disabled = true;
    window.fetch(form.dataset.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (payload) {
          if (response.ok && typeof payload.html === "string") {
            show(payload.html, false);
          } else {
            show(payload.error ? payload.error.message : "The preview is not available.", true);
          }
        });
      })
      .catch(function () {
        show("The preview could not be loaded. Your text is safe in the box.", true);
      })
      .then(function () {
        button.disabled = false;
      });
  });

  // What the preview shows is stale once the text changes; hide it until asked again.
  box.addEventListener("input", function () {
    region.hidden = true;
  });
})();
