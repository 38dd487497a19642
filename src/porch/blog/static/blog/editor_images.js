/*
 * Pictures in the post editor: an "Add pictures" button and drag-and-drop onto the
 * Markdown field, several files at once.
 *
 * Each file is described first (alt text is required: the dialog will not send a
 * picture without it), then posted to the media library's upload endpoint, which
 * checks, resizes and stores it and answers the Markdown to insert at the cursor.
 * Without JavaScript the media library's own add form does the same job.
 */
"use strict";

(function () {
  let dialogCount = 0;

  function csrfToken(textarea) {
    const field = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) {
      return field.value;
    }
    const cookie = document.cookie.split("; ").find(function (part) {
      return part.startsWith("csrftoken=");
    });
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // One dialog per field: asks for a file's description, resolves with it or null.
  function describeDialog() {
    const id = "porch-image-alt-" + ++dialogCount;
    const dialog = element("dialog", "porch-image-dialog");
    const form = element("form");
    form.method = "dialog";
    const heading = element("h2", "", "Describe this picture");
    const preview = element("img", "porch-image-dialog-preview");
    preview.alt = "";
    const fileName = element("p", "porch-image-dialog-name");
    const label = element("label", "", "Description (alt text), required");
    label.htmlFor = id;
    const input = element("input");
    input.type = "text";
    input.id = id;
    input.required = true;
    input.maxLength = 300;
    const hint = element("p", "help", "What the picture shows, for readers who cannot see it.");
    const problem = element("p", "porch-image-dialog-error");
    problem.setAttribute("role", "alert");
    const actions = element("div", "porch-image-dialog-actions");
    const send = element("button", "button default", "Upload and insert");
    send.type = "submit";
    const skip = element("button", "button", "Skip this picture");
    skip.type = "button";
    actions.append(send, skip);
    form.append(heading, preview, fileName, label, input, hint, problem, actions);
    dialog.append(form);
    document.body.append(dialog);

    return function ask(file) {
      return new Promise(function (resolve) {
        input.value = "";
        problem.textContent = "";
        fileName.textContent = file.name;
        preview.removeAttribute("src");
        const reader = new FileReader();
        reader.addEventListener("load", function () {
          preview.src = reader.result;
        });
        reader.readAsDataURL(file);

        function finish(value) {
          form.removeEventListener("submit", onSubmit);
          skip.removeEventListener("click", onSkip);
          dialog.removeEventListener("cancel", onSkip);
          dialog.close();
          resolve(value);
        }
        function onSubmit(event) {
          event.preventDefault();
          const alt = input.value.trim();
          if (!alt) {
            problem.textContent = "Describe the picture before it is uploaded.";
            input.focus();
            return;
          }
          finish(alt);
        }
        function onSkip(event) {
          event.preventDefault();
          finish(null);
        }
        form.addEventListener("submit", onSubmit);
        skip.addEventListener("click", onSkip);
        dialog.addEventListener("cancel", onSkip);
        dialog.showModal();
        input.focus();
      });
    };
  }

  function attach(textarea) {
    const bar = element("div", "porch-image-bar");
    const button = element("button", "button", "Add pictures…");
    button.type = "button";
    const picker = element("input");
    picker.type = "file";
    picker.multiple = true;
    picker.accept = "image/jpeg,image/png,image/webp,image/gif";
    picker.hidden = true;
    picker.setAttribute("aria-label", "Pictures to add to the post");
    const status = element("p", "porch-image-status", "or drop pictures on the text.");
    status.setAttribute("aria-live", "polite");
    bar.append(button, picker, status);
    // Below the row of label, text and preview (the admin lays that row out in flex).
    (textarea.closest(".flex-container") || textarea).insertAdjacentElement("afterend", bar);
    const ask = describeDialog();
    let busy = Promise.resolve();
    // Where the writer's cursor was when they chose the files: the dialog takes the
    // focus, and the browser may move the field's selection meanwhile.
    const cursor = { start: 0, end: 0 };

    function insert(markdown) {
      const before = textarea.value.slice(0, cursor.start);
      const gap = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
      const text = gap + markdown + "\n\n";
      textarea.setRangeText(text, cursor.start, cursor.end, "end");
      cursor.start += text.length;
      cursor.end = cursor.start;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    async function upload(file, alt) {
      const data = new FormData();
      data.append("file", file);
      data.append("alt", alt);
      const response = await fetch(textarea.dataset.uploadUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea) },
      });
      let payload = {};
      try {
        payload = await response.json();
      } catch (error) {
        payload = {};
      }
      if (!response.ok) {
        // A proxy in front of Porch may refuse a large file before Porch sees it.
        const fallback = response.status === 413
          ? file.name + " is larger than the server accepts."
          : file.name + " was not uploaded (error " + response.status + "); try again.";
        throw new Error(payload.error || fallback);
      }
      return payload;
    }

    async function addFiles(files) {
      const problems = [];
      let added = 0;
      for (const file of files) {
        const alt = await ask(file);
        if (alt === null) {
          continue;
        }
        status.textContent = "Uploading " + file.name + "…";
        try {
          const stored = await upload(file, alt);
          insert(stored.markdown);
          added += 1;
        } catch (error) {
          problems.push(error.message);
        }
      }
      const done = added === 1 ? "1 picture added." : added + " pictures added.";
      status.textContent = [done].concat(problems).join(" ");
      bar.dataset.state = problems.length ? "error" : "done";
    }

    function queue(fileList) {
      const files = Array.from(fileList);
      if (files.length) {
        busy = busy.then(function () {
          cursor.start = textarea.selectionStart;
          cursor.end = textarea.selectionEnd;
          return addFiles(files);
        });
      }
    }

    button.addEventListener("click", function () {
      picker.click();
    });
    picker.addEventListener("change", function () {
      queue(picker.files);
      picker.value = "";
    });
    textarea.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files")) {
        event.preventDefault();
        textarea.classList.add("porch-drop-target");
      }
    });
    textarea.addEventListener("dragleave", function () {
      textarea.classList.remove("porch-drop-target");
    });
    textarea.addEventListener("drop", function (event) {
      textarea.classList.remove("porch-drop-target");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        event.preventDefault();
        queue(event.dataTransfer.files);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-upload-url]").forEach(attach);
  });
})();
