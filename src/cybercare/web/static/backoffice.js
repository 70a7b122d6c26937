/* Back office: after htmx replaced a queue row ("Take"), move the keyboard focus to the new row
   so that keyboard and screen-reader users land on the result of their action (the row says
   "You took it." or why it could not be taken). No inline script: the CSP allows files only. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var row = document.querySelector("[data-focus-after-swap]");
    if (row) {
      row.removeAttribute("data-focus-after-swap");
      row.focus();
    }
  });
})();
