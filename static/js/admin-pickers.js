// Names for the parts of the admin's autocomplete pickers that select2 leaves
// unnamed: the search box inside a multiple picker (themes), and the box of a
// single picker (songs) while nothing is chosen. Each is named after the
// field's label. Runs after the admin's autocomplete.js has made the pickers
// (window "load" comes after every DOMContentLoaded handler), and again for an
// entry added to a formset.
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

  window.addEventListener("load", function () {
    name(document);
  });
  document.addEventListener("formset:added", function (event) {
    // autocomplete.js makes the new row's picker in its own handler of this event.
    setTimeout(function () {
      name(event.target);
    }, 0);
  });
})();
