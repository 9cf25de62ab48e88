// Small enhancements; every page works without this file.
(function () {
  "use strict";

  // "Play here" links reload the page with ?player=…; with JavaScript the
  // player is put in place without leaving the page.
  function showPlayer(link) {
    var slot = document.querySelector("[data-player-slot]");
    var kind = link.getAttribute("data-player");
    var src = slot && slot.getAttribute("data-" + kind + "-src");
    if (!src) return false;
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = link.textContent.trim();
    frame.width = "100%";
    frame.height = kind === "youtube" ? "315" : "152";
    frame.allow = "encrypted-media; picture-in-picture; clipboard-write";
    if (kind === "youtube") frame.allowFullscreen = true;
    slot.replaceChildren(frame);
    link.parentElement.remove();
    // The link that had focus is gone: keyboard and screen-reader users land on the player.
    frame.scrollIntoView({ block: "center", behavior: "instant" });
    frame.focus();
    return true;
  }

  // Entry links share or copy the entry's address; without JavaScript they
  // are plain links to the entry's anchor.
  function shareEntry(link) {
    var url = new URL(link.getAttribute("href"), window.location.href).href;
    if (navigator.share) {
      navigator.share({ title: link.getAttribute("data-share-title"), url: url }).catch(function () {});
      return true;
    }
    if (navigator.clipboard) {
      history.replaceState(null, "", link.getAttribute("href"));
      navigator.clipboard.writeText(url).then(function () {
        var label = link.textContent;
        link.textContent = "Link copied";
        setTimeout(function () { link.textContent = label; }, 2000);
      });
      return true;
    }
    return false;
  }

  // "Copy Spotify links" copies the links of the list's <details> box, which
  // readers without JavaScript (or without a clipboard) open and copy by hand.
  function copyLinks(button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    var status = button.parentElement.querySelector("[data-copy-status]");
    navigator.clipboard.writeText(source.value).then(
      function () { status.textContent = "Copied. Paste them into a Spotify playlist."; },
      function () { status.textContent = "Copying failed: open the links below and copy them."; }
    );
  }

  // The hangul web fonts (static/css/hangul.css) wait for the page to load, so that fetching
  // them never holds back its first paint; without JavaScript a <noscript> copy applies them.
  function applyHangulFonts() {
    var fonts = document.getElementById("hangul-fonts");
    if (fonts) fonts.media = "all";
  }
  if (document.readyState === "complete") applyHangulFonts();
  else window.addEventListener("load", applyHangulFonts);

  if (navigator.clipboard) {
    document.querySelectorAll("button[data-copy-from]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("button[data-copy-from]");
    if (copy) {
      copyLinks(copy);
      return;
    }
    var player = event.target.closest("a[data-player]");
    if (player && showPlayer(player)) {
      event.preventDefault();
      return;
    }
    var share = event.target.closest("a[data-share-entry]");
    if (share && shareEntry(share)) event.preventDefault();
  });
})();
