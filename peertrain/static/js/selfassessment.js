// Autosave for a self-assessment section: a server-side draft a moment after each change, so a
// long comment survives a closed tab. Without JavaScript the Save buttons do the same.
(function () {
  "use strict";

  var DELAY_MS = 1500;

  function setup(form) {
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    var timer = null;
    var saving = false;
    var again = false;

    function say(text, problem) {
      if (status) {
        status.textContent = text;
        status.classList.toggle("is-problem", Boolean(problem));
      }
    }

    function save() {
      if (saving) {
        again = true;
        return;
      }
      saving = true;
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
        headers: { "X-Autosave": "1", Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (response.ok && data.saved) {
              say("Draft saved " + data.at + ".", false);
            } else {
              say("Not saved yet: check the marked answers, then use Save.", true);
            }
          });
        })
        .catch(function () {
          say("Not saved: the connection dropped. Use Save when it is back.", true);
        })
        .then(function () {
          saving = false;
          if (again) {
            again = false;
            save();
          }
        });
    }

    function changed() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY_MS);
    }

    form.addEventListener("change", changed);
    form.addEventListener("input", changed);
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
    });
  }

  document.querySelectorAll("form[data-autosave-status]").forEach(setup);
})();
