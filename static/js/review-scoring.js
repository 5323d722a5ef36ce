/* The scoring page from the keyboard (progressive enhancement, SPEC §7, issue 9 point 5).
 *
 * Each item is an <input data-points data-category> holding a percentage. This file
 *  - checks what is typed as the server will (whole number, 0–100, 5 % steps) and says why next to the field
 *    ([data-hint-for]); the messages come translated from the form's data-msg-* attributes;
 *  - shows the points beside the percentage ([data-item-score]), the current band of the six, the category
 *    subtotals ([data-subtotal]), the total ([data-total]) and how many items are scored, in hundredths as
 *    integers so no floating-point rounding creeps in (5 % steps make every value exact);
 *  - moves to the next item once a value is complete (no valid value starts with it: "65" yes, "5" and "10" not
 *    yet — Space goes on; Tab reaches the item's band guide first), ArrowUp/ArrowDown step by 5 %;
 *  - saves the draft with fetch (Enter in any item, or the save button) and keeps the focus where it is; the
 *    server answers with the figures it computed, or with the refusal per field.
 * Without JavaScript the same form posts and the server shows its figures and errors.
 */
(function () {
  "use strict";

  var STEPS = [];
  for (var s = 0; s <= 100; s += 5) STEPS.push(String(s));

  function format(cents) {
    var whole = Math.floor(cents / 100);
    var rest = String(cents % 100).padStart(2, "0");
    return whole + "." + rest;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; }).replace(/%%/g, "%");
  }

  function normalise(text) {
    return text.replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/[％%\s]/g, "");
  }

  // {state: "empty" | "ok" | "bad", pct, message}
  function check(input, msg) {
    var text = normalise(input.value);
    if (text === "") return { state: "empty" };
    if (!/^\d+$/.test(text)) return { state: "bad", message: msg.invalid };
    var pct = parseInt(text, 10);
    if (pct > 100) return { state: "bad", message: fill(msg.max, { points: input.dataset.points, value: pct }) };
    if (pct % 5) {
      var low = pct - (pct % 5);
      return { state: "bad", message: fill(msg.step, { value: pct, low: low, high: low + 5 }) };
    }
    return { state: "ok", pct: pct, complete: isComplete(text) };
  }

  function isComplete(text) {
    // complete when no other valid value starts with what was typed ("6" → 60/65 still open, "65" done)
    return !STEPS.some(function (step) { return step !== text && step.indexOf(text) === 0; });
  }

  function setup(form) {
    var msg = {};
    Object.keys(form.dataset).forEach(function (key) {
      if (key.indexOf("msg") === 0) msg[key.charAt(3).toLowerCase() + key.slice(4)] = form.dataset[key];
    });
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-points]"));
    if (!inputs.length) return;
    var status = document.querySelector("[data-save-status]");
    var help = document.querySelector("[data-keyboard-help]");
    if (help) help.hidden = false;
    var dirty = false;

    function hintFor(input) {
      return form.querySelector('[data-hint-for="' + input.name + '"]');
    }

    function showError(input, message) {
      var hint = hintFor(input);
      var row = input.closest("[data-score-item]");
      if (message) {
        input.setAttribute("aria-invalid", "true");
        if (row) row.classList.add("field-invalid");
        if (hint) { hint.textContent = message; hint.setAttribute("role", "alert"); }
      } else {
        input.removeAttribute("aria-invalid");
        if (row) row.classList.remove("field-invalid");
        if (hint) { hint.textContent = ""; hint.removeAttribute("role"); }
      }
    }

    function markBand(input, pct) {
      var row = input.closest("[data-score-item]");
      if (!row) return;
      row.querySelectorAll("[data-band]").forEach(function (el) {
        var range = el.dataset.band.split("-");
        var on = pct !== null && pct >= Number(range[0]) && pct <= Number(range[1]);
        el.classList.toggle("is-current", on);
      });
    }

    function recompute() {
      var byCategory = {};
      var total = 0;
      var scored = 0;
      inputs.forEach(function (input) {
        var result = check(input, msg);
        var cents = result.state === "ok" ? Number(input.dataset.points) * result.pct : 0;
        if (result.state === "ok") scored += 1;
        byCategory[input.dataset.category] = (byCategory[input.dataset.category] || 0) + cents;
        total += cents;
        var out = form.querySelector('[data-item-score="' + input.name + '"]');
        if (out) out.textContent = result.state === "ok" ? format(cents) : "—";
        markBand(input, result.state === "ok" ? result.pct : null);
      });
      Object.keys(byCategory).forEach(function (category) {
        var cell = document.querySelector('[data-subtotal="' + category + '"]');
        if (cell) cell.textContent = format(byCategory[category]);
      });
      var totalCell = document.querySelector("[data-total]");
      if (totalCell) totalCell.textContent = format(total);
      var count = document.querySelector("[data-scored-count]");
      if (count) count.textContent = "· " + scored + " / " + count.dataset.of;
    }

    function setStatus(text, kind) {
      if (!status || (status.textContent === text && status.dataset.kind === (kind || ""))) return;
      status.textContent = text;
      status.dataset.kind = kind || "";
    }

    function next(input) {
      var i = inputs.indexOf(input);
      return i >= 0 && i + 1 < inputs.length ? inputs[i + 1] : null;
    }

    form.addEventListener("input", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input[data-points]")) {
        dirty = true;
        return;
      }
      var result = check(input, msg);
      showError(input, result.state === "bad" ? result.message : "");
      recompute();
      dirty = true;
      setStatus(msg.unsaved, "unsaved");
      if (result.state === "ok" && result.complete && event.inputType !== "deleteContentBackward") {
        var following = next(input);
        if (following) {
          following.focus();
          following.select();
        }
      }
    });

    form.addEventListener("keydown", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input[data-points]")) return;
      if (event.key === " ") {  // a space cannot be part of a percentage: it confirms "5" or "10" and goes on
        event.preventDefault();
        if (check(input, msg).state !== "bad" && next(input)) {
          next(input).focus();
          next(input).select();
        }
        return;
      }
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      event.preventDefault();
      var result = check(input, msg);
      var pct = result.state === "ok" ? result.pct : (event.key === "ArrowUp" ? -5 : 105);
      pct = Math.max(0, Math.min(100, pct + (event.key === "ArrowUp" ? 5 : -5)));
      input.value = String(pct);
      showError(input, "");
      recompute();
      dirty = true;
      setStatus(msg.unsaved, "unsaved");
    });

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter || null;
      if (submitter && submitter.value !== "save") {  // the final submit goes the ordinary way
        dirty = false;
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      var bad = inputs.filter(function (input) { return check(input, msg).state === "bad"; });
      if (bad.length) {
        bad.forEach(function (input) { showError(input, check(input, msg).message); });
        setStatus(msg.fix, "error");
        if (!bad.includes(document.activeElement)) bad[0].focus();
        return;
      }
      save();
    });

    function save() {
      var data = new FormData(form);
      data.set("action", "save");
      setStatus(msg.saving, "saving");
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (answer) {
        var body = answer.body;
        if (answer.ok && body.ok) {
          inputs.forEach(function (input) { showError(input, ""); });
          Object.keys(body.points || {}).forEach(function (name) {
            var out = form.querySelector('[data-item-score="' + name + '"]');
            if (out) out.textContent = body.points[name];
          });
          Object.keys(body.subtotals || {}).forEach(function (category) {
            var cell = document.querySelector('[data-subtotal="' + category + '"]');
            if (cell) cell.textContent = body.subtotals[category];
          });
          var totalCell = document.querySelector("[data-total]");
          if (totalCell) totalCell.textContent = body.total;
          dirty = false;
          var now = new Date();
          setStatus(body.message + " " + String(now.getHours()).padStart(2, "0") + ":" +
                    String(now.getMinutes()).padStart(2, "0"), "saved");
          return;
        }
        Object.keys(body.errors || {}).forEach(function (name) {
          var input = form.querySelector('[name="' + name + '"]');
          if (input) showError(input, body.errors[name].join(" "));
        });
        setStatus(body.message || msg.failed, "error");
      }).catch(function () {
        setStatus(msg.failed, "error");
      });
    }

    // On a wide screen the category's self-assessment and evidence stand open beside its items.
    if (window.matchMedia && window.matchMedia("(min-width: 75rem)").matches) {
      form.querySelectorAll("details[data-material]").forEach(function (details) { details.open = true; });
    }
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    recompute();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-scoring-form]").forEach(setup);
  });
})();
