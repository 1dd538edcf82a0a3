/* splitwise: the "Copy" buttons. Without this file the field stays selectable to copy by hand. */
(function () {
  "use strict";

  function say(status, text) {
    if (status) { status.textContent = text; }
  }

  function start() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!source) { return; }
      source.addEventListener("focus", function () { source.select(); });
      button.addEventListener("click", function () {
        source.focus();
        source.select();
        var copied = function () { say(status, "Copied."); };
        var byHand = function () { say(status, "Press Ctrl+C (or ⌘C) to copy the selected link."); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(copied, byHand);
        } else {
          try {
            if (document.execCommand("copy")) { copied(); } else { byHand(); }
          } catch (error) {
            byHand();
          }
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
