/* The scoring page's live running total (progressive enhancement, SPEC §7).
 *
 * Each item's <select> carries data-points (the item's maximum) and data-category. On every change this adds
 * up points = maximum × percentage for each category subtotal ([data-subtotal]) and the total ([data-total]),
 * in hundredths as integers so no floating-point rounding creeps in (5 % steps make every value exact).
 * The server still computes and stores the points on save; this only shows what saving would give, and marks
 * the figures as unsaved ([data-unsaved]). Without JavaScript the page shows the saved figures.
 */
(function () {
  "use strict";

  function hundredths(select) {
    if (select.value === "") return 0;
    return Number(select.dataset.points) * Number(select.value);  // points × % = hundredths of a point
  }

  function format(cents) {
    var whole = Math.floor(cents / 100);
    var rest = String(cents % 100).padStart(2, "0");
    return whole + "." + rest;
  }

  function recompute(form, page) {
    var selects = form.querySelectorAll("select[data-points]");
    var byCategory = {};
    var total = 0;
    selects.forEach(function (select) {
      var value = hundredths(select);
      byCategory[select.dataset.category] = (byCategory[select.dataset.category] || 0) + value;
      total += value;
    });
    Object.keys(byCategory).forEach(function (category) {
      var cell = page.querySelector('[data-subtotal="' + category + '"]');
      if (cell) cell.textContent = format(byCategory[category]);
    });
    var totalCell = page.querySelector("[data-total]");
    if (totalCell) totalCell.textContent = format(total);
    var unsaved = page.querySelector("[data-unsaved]");
    if (unsaved) unsaved.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var first = document.querySelector("select[data-points]");
    if (!first || !first.form) return;
    var form = first.form;
    form.addEventListener("change", function (event) {
      if (event.target.matches("select[data-points]")) recompute(form, document);
    });
  });
})();
