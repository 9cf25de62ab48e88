// Discover: apply a filter as soon as it is ticked, without a reload. Without
// this file the form's "Show songs" button does the same with a page load.
(function () {
  "use strict";

  var root = document.querySelector("[data-discover]");
  if (!root || !window.fetch || !window.DOMParser) return;

  function queryOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "" && !(name === "sort" && value === "best")) params.append(name, value);
    });
    return params.toString();
  }

  // The control the reader just changed keeps the focus in the new form.
  function refocus(control) {
    if (!control) return;
    var selector = "[name='" + control.name + "']" + (control.type === "checkbox" || control.type === "radio" ? "[value='" + control.value + "']" : "");
    var again = root.querySelector(selector);
    if (again) again.focus();
  }

  function show(url, push, control) {
    root.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-discover]");
        if (!fresh) throw new Error("no results");
        root.replaceChildren.apply(root, Array.prototype.slice.call(fresh.childNodes));
        if (push) history.pushState(null, "", url);
        root.removeAttribute("aria-busy");
        refocus(control);
      })
      .catch(function () {
        window.location.href = url;
      });
  }

  root.addEventListener("change", function (event) {
    var form = event.target.closest("form.discover__form");
    if (!form) return;
    var query = queryOf(form);
    show(form.action + (query ? "?" + query : ""), true, event.target);
  });

  window.addEventListener("popstate", function () {
    show(window.location.href, false);
  });
})();
