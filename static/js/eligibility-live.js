/* Live eligibility (issue 10 point 4), progressive enhancement only: while the applicant edits the application
   form or the profile, the form's current data is posted (unsaved) to award:eligibility_check, and the answer
   replaces the list of checks; the submit button marked data-eligibility-submit is disabled with the failing
   rules listed until they pass. Without this file the same checks are shown after saving, and the server refuses
   a submission that fails them. templates/award/includes/live_checks.html holds the markup. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-eligibility-url]");
  if (!panel || !window.fetch || !window.FormData) {
    return;
  }
  var form = document.getElementById(panel.getAttribute("data-eligibility-form"));
  if (!form) {
    return;
  }
  var list = panel.querySelector("[data-eligibility-list]");
  var blocked = panel.querySelector("[data-eligibility-blocked]");
  var failingList = panel.querySelector("[data-eligibility-failing]");
  var submits = form.querySelectorAll("[data-eligibility-submit]");
  var passText = panel.getAttribute("data-pass-text") || "符合";
  var failText = panel.getAttribute("data-fail-text") || "不符合";
  var timer = null;
  var sequence = 0;

  function render(answer) {
    var ul = document.createElement("ul");
    ul.className = "checks";
    answer.checks.forEach(function (check) {
      var li = document.createElement("li");
      li.className = check.passed ? "pass" : "fail";
      li.setAttribute("data-check", check.code);
      var label = document.createElement("strong");
      label.textContent = check.label;
      var article = document.createElement("span");
      article.className = "muted";
      article.textContent = check.article;
      var verdict = document.createElement("span");
      verdict.className = "verdict";
      verdict.textContent = check.passed ? passText : failText;
      var reason = document.createElement("div");
      reason.className = "muted";
      reason.textContent = check.reason;
      li.append(label, " ", article, " ", verdict, reason);
      ul.appendChild(li);
    });
    list.replaceChildren(ul);
    failingList.replaceChildren();
    answer.failing.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      failingList.appendChild(li);
    });
    blocked.hidden = answer.ok;
    submits.forEach(function (button) {
      button.disabled = !answer.ok;
      if (answer.ok) {
        button.removeAttribute("aria-describedby");
      } else {
        button.setAttribute("aria-describedby", blocked.id);
      }
    });
    panel.hidden = answer.checks.length === 0 && answer.ok;
    panel.setAttribute("data-checked", String(sequence));
  }

  function check() {
    var data = new FormData(form);
    var application = panel.getAttribute("data-eligibility-application");
    if (application) {
      data.set("application", application);
    }
    var mine = ++sequence;
    fetch(panel.getAttribute("data-eligibility-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {"X-Requested-With": "fetch", "Accept": "application/json"},
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (answer && mine === sequence) {
        render(answer);
      }
    }).catch(function () {
      /* Offline or refused: the checks shown stay, and the server checks again on save. */
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 400);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  if (panel.hidden) {
    check();
  }
})();
