/* Forms of the portal (the report flow and the evidence to add on a case page):
   1. when the page shows an error summary, the keyboard focus moves to it, so a screen reader
      reads what to correct and each link leads to its field;
   2. a file larger than the server's limit (data-max-bytes, the server checks again) is said
      at once, in the page's language (data-too-large), and the form is not sent with it.
   No inline script: the CSP allows files only. */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  function tooLarge(input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    var names = [];
    Array.prototype.forEach.call(input.files || [], function (file) {
      if (file.size > limit) {
        names.push(file.name);
      }
    });
    return names;
  }

  function check(input) {
    var names = tooLarge(input);
    var note = document.getElementById(input.id + "-size");
    var message = names.map(function (name) {
      return input.getAttribute("data-too-large").replace("{name}", name);
    }).join(" ");
    input.setCustomValidity(message);
    if (names.length) {
      input.setAttribute("aria-invalid", "true");
    } else if (!input.hasAttribute("data-server-invalid")) {
      input.removeAttribute("aria-invalid");
    }
    if (note) {
      note.textContent = message;
      note.hidden = !message;
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (message && described.indexOf(note.id) < 0) {
        described.push(note.id);
      }
      input.setAttribute("aria-describedby", described.join(" "));
    }
    return names.length === 0;
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary();
    var inputs = document.querySelectorAll("input[type=file][data-max-bytes]");
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.getAttribute("aria-invalid") === "true") {
        input.setAttribute("data-server-invalid", "");
      }
      input.addEventListener("change", function () { check(input); });
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var bad = Array.prototype.filter.call(
        form.querySelectorAll("input[type=file][data-max-bytes]"),
        function (input) { return !check(input); }
      );
      if (bad.length && !(event.submitter && event.submitter.hasAttribute("formnovalidate"))) {
        event.preventDefault();
        bad[0].focus();
      }
    });
  });
})();
