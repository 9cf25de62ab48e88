// Names for the parts of the admin's autocomplete pickers that select2 leaves
// unnamed: the search box inside a multiple picker (themes), and the box of a
// single picker (songs) while nothing is chosen. Each is named after the
// field's label, on "load" and then whenever pickers appear (autocomplete.js
// makes them at its own time, and again for each entry added to a formset):
// waiting for one event raced select2 on a busy machine.
(function () {
  "use strict";

  function fieldName(select) {
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function name(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var label = fieldName(select);
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      var search = container.querySelector(".select2-search__field");
      if (search) {
        search.setAttribute("aria-label", "Find " + label.toLowerCase());
      }
      var shown = container.querySelector(".select2-selection__rendered[role=textbox]");
      if (shown) {
        shown.setAttribute("aria-label", label);
      }
    });
  }

  var pending = false;

  function nameSoon() {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      name(document);
    });
  }

  window.addEventListener("load", function () {
    name(document);
    // Setting the names changes attributes only, so it never wakes the observer again.
    new MutationObserver(nameSoon).observe(document.body, { childList: true, subtree: true });
  });
})();
