// Autosave for supervision note forms: a server-side draft every few seconds while typing and
// whenever a text box loses focus, so a long note survives a closed tab or an ended login.
(function () {
  "use strict";

  var INTERVAL_MS = 10000;

  function clock(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function isText(el) {
    return el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "hidden"));
  }

  function setup(form) {
    var url = form.getAttribute("data-draft-url");
    var loginUrl = form.getAttribute("data-login-url");
    var status = document.getElementById(form.getAttribute("data-draft-status"));
    var dirty = false;
    var saving = false;
    var submitting = false;

    function say(text, problem, link) {
      if (!status) {
        return;
      }
      status.textContent = text;
      status.classList.toggle("is-problem", Boolean(problem));
      if (link) {
        var a = document.createElement("a");
        a.href = link.href;
        a.textContent = link.text;
        status.appendChild(document.createTextNode(" "));
        status.appendChild(a);
      }
    }

    function answer(response) {
      return response.json().then(
        function (data) {
          return { status: response.status, data: data };
        },
        function () {
          return { status: response.status, data: {} };
        }
      );
    }

    function save() {
      if (saving || submitting || !dirty) {
        return;
      }
      saving = true;
      dirty = false;
      var token = form.querySelector("input[name=csrf_token]");
      fetch(url, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "X-CSRFToken": token ? token.value : ""
        }
      })
        .then(answer)
        .then(function (result) {
          var data = result.data;
          if (data.saved && data.signed_in === false) {
            say("Draft kept at " + clock(new Date()) + ", but your login has ended. Keep writing if you like, then", true,
              { href: data.login_url || loginUrl, text: "sign in again: your text will come back." });
          } else if (data.saved && data.token_expired) {
            say("Draft kept at " + clock(new Date()) + ". This page has expired: when you save, your text will be kept and shown again.", true);
          } else if (data.saved) {
            say("Draft saved at " + clock(new Date()) + ".");
          } else if (result.status === 401) {
            dirty = true;
            say("Your login has ended and this draft could not be kept. Copy your text somewhere safe, then", true,
              { href: data.login_url || loginUrl, text: "sign in again." });
          } else if (result.status === 413) {
            say("This text is too long to keep as a draft. Save the form soon.", true);
          } else {
            dirty = true;
            say("Could not keep a draft just now; will try again. Your text is still on this page.", true);
          }
        })
        .catch(function () {
          dirty = true;
          say("Could not reach the server to keep a draft; will try again. Your text is still on this page.", true);
        })
        .then(function () {
          saving = false;
        });
    }

    form.addEventListener("input", function () {
      dirty = true;
    });
    form.addEventListener("change", function () {
      dirty = true;
    });
    form.addEventListener("focusout", function (event) {
      if (isText(event.target)) {
        save();
      }
    });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.setInterval(save, INTERVAL_MS);
  }

  var forms = document.querySelectorAll("form[data-draft-url]");
  for (var i = 0; i < forms.length; i += 1) {
    setup(forms[i]);
  }
})();
