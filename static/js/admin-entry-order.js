// Reordering a list's entries in the admin: drag an entry by its handle, or use
// its Up and Down buttons (keyboard users, screen readers). Either way the page's
// position fields are renumbered in their new order, using the positions the page
// already had, so a page of entries 101-200 stays 101-200. Saving does the rest
// (articles/admin.py numbers the whole list 1, 2, 3...). Without this file the
// position fields are typed by hand, as before.
(function () {
  "use strict";

  function start() {
    var group = document.getElementById("entries-group");
    if (!group) {
      return;
    }
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    group.appendChild(status);
    var dragged = null;

    function rows() {
      return Array.prototype.filter.call(group.querySelectorAll(".inline-related"), function (row) {
        return !row.classList.contains("empty-form");
      });
    }

    function positionInput(row) {
      return row.querySelector("input[name$='-position']");
    }

    function renumber(moved) {
      var numbered = rows().filter(function (row) {
        return positionInput(row).value.trim() !== "";
      });
      var positions = numbered
        .map(function (row) {
          return parseInt(positionInput(row).value, 10);
        })
        .sort(function (a, b) {
          return a - b;
        });
      numbered.forEach(function (row, index) {
        positionInput(row).value = String(positions[index]);
      });
      if (moved && positionInput(moved).value) {
        status.textContent = "Moved to position " + positionInput(moved).value + ". Save to keep the new order.";
      }
    }

    function button(label, className, onClick) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = className;
      element.textContent = label;
      element.addEventListener("click", onClick);
      return element;
    }

    function move(row, step) {
      var all = rows();
      var index = all.indexOf(row);
      var other = all[index + step];
      if (!other) {
        return;
      }
      if (step < 0) {
        other.before(row);
      } else {
        other.after(row);
      }
      renumber(row);
    }

    function enhance(row) {
      if (row.dataset.orderable || row.classList.contains("empty-form")) {
        return;
      }
      row.dataset.orderable = "1";
      var heading = row.querySelector("h3");
      var tools = document.createElement("span");
      tools.className = "entry-order";
      // A mouse handle; keyboards and screen readers have the Up and Down buttons.
      var handle = document.createElement("span");
      handle.className = "entry-order__handle";
      handle.textContent = "Drag";
      handle.title = "Drag to reorder";
      handle.setAttribute("aria-hidden", "true");
      handle.draggable = true;
      tools.appendChild(handle);
      tools.appendChild(button("Up", "entry-order__up", function () { move(row, -1); }));
      tools.appendChild(button("Down", "entry-order__down", function () { move(row, 1); }));
      heading.appendChild(tools);

      handle.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("is-dragged");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.id);
        event.dataTransfer.setDragImage(row, 20, 20);
      });
      handle.addEventListener("dragend", function () {
        row.classList.remove("is-dragged");
        dragged = null;
      });
      row.addEventListener("dragover", function (event) {
        if (dragged && dragged !== row) {
          event.preventDefault();
          event.dataTransfer.dropEffect = "move";
        }
      });
      row.addEventListener("drop", function (event) {
        if (!dragged || dragged === row) {
          return;
        }
        event.preventDefault();
        var box = row.getBoundingClientRect();
        if (event.clientY < box.top + box.height / 2) {
          row.before(dragged);
        } else {
          row.after(dragged);
        }
        renumber(dragged);
      });
    }

    rows().forEach(enhance);
    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === "entries") {
        enhance(event.target);
      }
    });
  }

  // The admin loads form media in the head, before the entries exist.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
