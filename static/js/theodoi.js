/* theodoi: small progressive enhancements; every page works without them. */
(function () {
  "use strict";
  // A destructive button asks first (cancel a task).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Bulk update: count the rows that will be saved, so the liaison sees what the button does.
  var bulk = document.querySelector(".bulk-form");
  if (bulk) {
    var counter = bulk.querySelector("[data-bulk-count]");
    var update = function () {
      var filled = 0;
      bulk.querySelectorAll("textarea[name^='done-']").forEach(function (area) {
        if (area.value.trim()) { filled += 1; }
      });
      if (counter) { counter.textContent = filled ? filled + " / " + bulk.querySelectorAll(".bulk-row").length : ""; }
    };
    bulk.addEventListener("input", update);
    update();
  }
  // Filters folded on a phone are shown open on a wide screen, where they fit beside the list.
  if (window.matchMedia && window.matchMedia("(min-width: 761px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
  // A form submitted once cannot be sent twice by a double tap on a slow phone connection.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post") { return; }
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });
})();
