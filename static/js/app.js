/* Progressive enhancement only: every page works without this file (SPEC §16). Loaded with `defer`.
   - data-confirm="问题" on a submit button, a form or a link asks confirm() before going on;
   - a form is not sent twice by a double click (reset when the page comes back from the history);
   - data-print on a button prints the page. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var question = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.getAttribute("data-submitting") === "true" && (form.method || "").toLowerCase() === "post") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "true");
    if (submitter) {
      submitter.setAttribute("aria-disabled", "true");
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-confirm]") : null;
    if (link && !window.confirm(link.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
    var printer = event.target.closest ? event.target.closest("[data-print]") : null;
    if (printer) {
      event.preventDefault();
      window.print();
    }
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      form.removeAttribute("data-submitting");
      form.querySelectorAll("[aria-disabled='true']").forEach(function (button) {
        button.removeAttribute("aria-disabled");
      });
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
  });
})();
