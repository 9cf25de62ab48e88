// A live preview under every admin textarea that names a preview address
// (data-markdown-preview): as the editor types, the text is sent (debounced) to
// the staff-only endpoint, which renders it with the sanitizer readers' pages
// use, so the preview is what readers will see. Event delegation covers the
// entries an editor adds after the page has loaded.
(function () {
  "use strict";

  var DELAY_MS = 300;

  function csrfToken(field) {
    var input = field.form && field.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function previewFor(field) {
    var id = field.id + "-preview";
    var preview = document.getElementById(id);
    if (preview) {
      return preview;
    }
    preview = document.createElement("div");
    preview.id = id;
    preview.className = "markdown-preview";
    var heading = document.createElement("p");
    heading.className = "markdown-preview__heading";
    heading.textContent = "Preview";
    var body = document.createElement("div");
    body.className = "markdown-preview__body";
    body.setAttribute("aria-live", "polite");
    preview.appendChild(heading);
    preview.appendChild(body);
    field.insertAdjacentElement("afterend", preview);
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + id).trim());
    return preview;
  }

  function render(field) {
    var body = previewFor(field).querySelector(".markdown-preview__body");
    var data = new FormData();
    data.append("text", field.value);
    fetch(field.dataset.markdownPreview, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(field) },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (answer.error) {
          body.textContent = answer.error;
        } else {
          // Sanitized by the server (kballads/markup.py), exactly as on readers' pages.
          body.innerHTML = answer.html;
        }
      })
      .catch(function () {
        body.textContent = "The preview is not available just now; your text is not affected.";
      });
  }

  var timers = new WeakMap();
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLTextAreaElement) || !field.dataset.markdownPreview) {
      return;
    }
    clearTimeout(timers.get(field));
    timers.set(
      field,
      setTimeout(function () {
        render(field);
      }, DELAY_MS)
    );
  });
})();
