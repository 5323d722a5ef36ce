/* The application form (templates/award/application/edit.html), progressive enhancement only:
   the running self-assessment total follows the scores as they are typed. The server computes the same total
   on every save, so the page is complete without this file. */
(function () {
  "use strict";
  var output = document.querySelector("[data-self-total]");
  if (!output) {
    return;
  }
  function update() {
    var total = 0;
    document.querySelectorAll("input[data-self-score]").forEach(function (input) {
      var value = parseFloat(input.value);
      if (!isNaN(value)) {
        total += value;
      }
    });
    output.textContent = String(Math.round(total * 10) / 10);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-self-score]")) {
      update();
    }
  });
})();
