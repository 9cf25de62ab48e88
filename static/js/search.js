// Search suggestions under every search box that names a suggestion address
// (data-suggest-url). The box becomes an ARIA combobox with a listbox popup:
// typing asks the server (debounced), arrow keys move through the suggestions,
// Enter opens the chosen one, Escape closes the list. Without this file the
// boxes are plain forms that open the results page.
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MAX_LENGTH = 200;

  function enhance(input) {
    var form = input.form;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var timer = null;
    var request = null;
    var options = [];
    var active = -1;

    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.classList.add("has-suggestions");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      if (active >= 0) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function option(result, index) {
      var item = document.createElement("li");
      var title = document.createElement("span");
      var name = document.createElement("span");
      var kind = document.createElement("span");
      item.id = listId + "-" + index;
      item.className = "search-suggestion";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-url", result.url);
      kind.className = "search-suggestion__kind";
      kind.textContent = result.kind_label;
      name.className = "search-suggestion__name";
      name.textContent = result.name;
      title.className = "search-suggestion__title";
      title.appendChild(name);
      if (result.other_name && result.other_name !== result.name) {
        var other = document.createElement("span");
        other.className = "search-suggestion__other hangul";
        other.lang = "ko";
        other.textContent = result.other_name;
        title.appendChild(document.createTextNode(" "));
        title.appendChild(other);
      }
      item.appendChild(kind);
      item.appendChild(title);
      if (result.detail) {
        var detail = document.createElement("span");
        detail.className = "search-suggestion__detail";
        detail.textContent = result.detail;
        item.appendChild(detail);
      }
      return item;
    }

    function show(data) {
      if (!input.value.trim()) return;
      // A slower answer may arrive while the reader is choosing: keep their choice.
      var chosen = active >= 0 ? options[active].getAttribute("data-url") : null;
      options = data.results.map(option);
      list.replaceChildren.apply(list, options);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!options.length) {
        close();
        status.textContent = "No suggestions.";
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      var kept = options.findIndex(function (item) { return item.getAttribute("data-url") === chosen; });
      if (kept >= 0) choose(kept);
      status.textContent = options.length + (options.length === 1 ? " suggestion." : " suggestions.") +
        " Use the up and down arrows to choose.";
    }

    function ask() {
      var query = input.value.trim().slice(0, MAX_LENGTH);
      if (request) request.abort();
      if (!query) {
        close();
        return;
      }
      request = new AbortController();
      var url = input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query);
      fetch(url, { signal: request.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { query: query, results: [] }; })
        .then(show)
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        if (!open) {
          ask();
          return;
        }
        event.preventDefault();
        choose(active + 1 < options.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        choose(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.assign(options[active].getAttribute("data-url"));
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          input.value = "";
        }
      }
    });

    // mousedown, not click: the box must not lose focus (and close the list) first.
    list.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (!item) return;
      event.preventDefault();
      window.location.assign(item.getAttribute("data-url"));
    });

    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
})();
