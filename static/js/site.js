// Small enhancements; every page works without this file.
(function () {
  "use strict";

  // "Play here" links reload the page with ?player=…; with JavaScript the
  // player is put in place without leaving the page.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-player]");
    if (!link) return;
    var slot = document.querySelector("[data-player-slot]");
    var kind = link.getAttribute("data-player");
    var src = slot && slot.getAttribute("data-" + kind + "-src");
    if (!src) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = link.textContent.trim();
    frame.width = "100%";
    frame.height = kind === "youtube" ? "315" : "152";
    frame.allow = "encrypted-media; picture-in-picture; clipboard-write";
    if (kind === "youtube") frame.allowFullscreen = true;
    slot.replaceChildren(frame);
    link.parentElement.remove();
  });
})();
