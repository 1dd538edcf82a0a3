/* splitwise: small enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* After a refused form, move the focus to what went wrong: the form's error summary,
     else an error message at the top of the page. */
  function focusFirstError() {
    var target = document.querySelector("[data-error-summary]") ||
      document.querySelector(".messages .error");
    if (!target) { return; }
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
    target.scrollIntoView({ block: "center" });
  }

  /* Links in an error summary put the focus in the field they name, not just scroll. */
  function linkSummaryToFields() {
    document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (field && !field.matches("input, select, textarea, button")) {
          field = field.querySelector("input, select, textarea, button") || field;
        }
        if (field) {
          event.preventDefault();
          field.focus();
          field.scrollIntoView({ block: "center" });
        }
      });
    });
  }

  /* The expense form: choosing "several people" opens the payers' amounts, and typing an
     amount there chooses "several people". */
  function linkPayers() {
    document.querySelectorAll("[data-paid-by]").forEach(function (select) {
      var form = select.form;
      var details = form.querySelector("[data-payers]");
      if (!details) { return; }
      select.addEventListener("change", function () {
        if (select.value === "several") { details.open = true; }
      });
      form.querySelectorAll("[data-payer-amount]").forEach(function (input) {
        input.addEventListener("input", function () {
          if (input.value && select.value !== "several") {
            select.value = "several";
            select.dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
      });
    });
  }

  /* The expense form: say which kind of part the inputs take for the split chosen. */
  function linkSplitHelp() {
    document.querySelectorAll("[data-split-help]").forEach(function (help) {
      var form = help.closest("form");
      var texts = JSON.parse(help.getAttribute("data-split-help"));
      function update() {
        var chosen = form.querySelector("input[name='split']:checked");
        var method = chosen ? chosen.value : "equal";
        help.textContent = texts[method] || "";
        form.classList.toggle("split-equal", method === "equal");
      }
      form.addEventListener("change", update);
      update();
    });
  }

  function start() {
    focusFirstError();
    linkSummaryToFields();
    linkPayers();
    linkSplitHelp();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
