// Admin deletes: ask before a delete form is sent. Loaded as a 'self' script by
// templates/admin/master.html, so the CSP allows it (Flask-Admin's inline onclick it replaces
// was blocked, and one click deleted). Confirming here sends confirm=yes; without JavaScript
// the server shows its own confirmation page first (admin/deletes.py).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-confirm")) {
      return;
    }
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    if (!form.querySelector('input[name="confirm"]')) {
      var yes = document.createElement("input");
      yes.type = "hidden";
      yes.name = "confirm";
      yes.value = "yes";
      form.appendChild(yes);
    }
  }, true);
})();
