/*
 * Live preview of a post's Markdown under its textarea, as the writer types.
 *
 * The server renders it with the same Markdown and sanitizer as the public page, so
 * the preview never shows markup the page would strip. Without JavaScript nothing
 * changes: the textarea saves as it always did.
 */
"use strict";

(function () {
  const DELAY_MS = 400;

  function csrfToken(textarea) {
    const field = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function fieldName(textarea) {
    const label = textarea.labels && textarea.labels[0];
    return label ? label.textContent.trim().replace(/:$/, "") : textarea.name;
  }

  function attach(textarea) {
    const pane = document.createElement("div");
    const label = document.createElement("p");
    const body = document.createElement("div");
    pane.className = "porch-preview";
    pane.dataset.state = "idle";
    // A named region a screen reader can jump to. Only the label is live: reading
    // the whole preview aloud at every pause in typing would drown the writer.
    pane.setAttribute("role", "region");
    pane.setAttribute("aria-label", "Preview: " + fieldName(textarea));
    label.className = "porch-preview-label";
    label.textContent = "Preview";
    label.setAttribute("aria-live", "polite");
    body.className = "porch-preview-body";
    pane.append(label, body);
    textarea.insertAdjacentElement("afterend", pane);

    let timer = null;
    let latest = 0;

    async function render() {
      const ticket = ++latest;
      const data = new FormData();
      data.append("text", textarea.value);
      pane.dataset.state = "loading";
      try {
        const response = await fetch(textarea.dataset.previewUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(textarea) },
        });
        if (!response.ok) {
          throw new Error("preview answered " + response.status);
        }
        const payload = await response.json();
        // Answers can arrive out of order; only the newest text's preview is shown.
        if (ticket !== latest) {
          return;
        }
        body.innerHTML = payload.html; // sanitized by the server (nh3)
        label.textContent = "Preview";
        pane.dataset.state = "ready";
      } catch (error) {
        if (ticket === latest) {
          label.textContent = "Preview unavailable; the text still saves.";
          pane.dataset.state = "error";
        }
      }
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, DELAY_MS);
    });
    if (textarea.value.trim()) {
      render();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-preview-url]").forEach(attach);
  });
})();
