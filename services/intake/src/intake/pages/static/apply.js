// Enhancement only: every step works without it. It sends the browser's time zone with the
// sign-in form, moves focus to an error summary, checks each chosen file's type and size
// before anything is sent, and sends the application with a progress bar (XHR upload
// progress); without it the same form posts as it is.
(function () {
  "use strict";
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

function start() {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var zone = document.getElementById("zone");
  if (zone && window.Intl) { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; }

  var form = document.querySelector("form[data-upload]");
  if (!form) { return; }
  var allowed = form.getAttribute("data-allowed").split(",");
  var maxFile = Number(form.getAttribute("data-max-file"));
  var maxTotal = Number(form.getAttribute("data-max-total"));
  var inputs = form.querySelectorAll("input[type=file]");

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }

  function say(input, text) {
    var box = document.getElementById(input.id + "-check");
    box.textContent = text;
    box.hidden = !text;
    if (text) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  function check(input) {
    var total = 0, problem = "";
    Array.prototype.forEach.call(inputs, function (each) {
      Array.prototype.forEach.call(each.files, function (file) { total += file.size; });
    });
    Array.prototype.forEach.call(input.files, function (file) {
      if (problem) { return; }
      var ok = allowed.indexOf(file.type) >= 0 || allowed.indexOf(extensionOf(file.name)) >= 0;
      if (!ok) { problem = form.getAttribute("data-say-type").replace("{file}", file.name); }
      else if (file.size === 0) { problem = form.getAttribute("data-say-empty").replace("{file}", file.name); }
      else if (file.size > maxFile) { problem = form.getAttribute("data-say-size").replace("{file}", file.name); }
    });
    if (!problem && total > maxTotal) { problem = form.getAttribute("data-say-total"); }
    say(input, problem);
    return !problem;
  }

  Array.prototype.forEach.call(inputs, function (input) {
    input.addEventListener("change", function () { check(input); });
  });

  var bar = document.getElementById("upload-progress");
  var meter = bar.querySelector("progress");
  var words = document.getElementById("upload-progress-text");
  var button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", function (event) {
    var ok = true;
    Array.prototype.forEach.call(inputs, function (input) { ok = check(input) && ok; });
    event.preventDefault();
    if (!ok) { form.querySelector("[aria-invalid=true]").focus(); return; }
    button.disabled = true;  // the Idempotency-Key in the action covers a click that slips by
    bar.hidden = false;
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) { return; }
      var percent = Math.floor(progress.loaded / progress.total * 100);
      meter.value = percent;
      words.textContent = form.getAttribute("data-say-progress").replace("{percent}", percent);
    });
    request.addEventListener("load", function () {
      if (request.status < 400 && request.responseURL) { window.location.assign(request.responseURL); return; }
      // A refused form comes back as the page with its errors: show it in place, as it is.
      var answer = new DOMParser().parseFromString(request.responseText, "text/html");
      document.replaceChild(document.adoptNode(answer.documentElement), document.documentElement);
      start();
    });
    request.addEventListener("error", function () {
      button.disabled = false;
      words.textContent = form.getAttribute("data-say-failed");
    });
    request.send(new FormData(form));
  });
}
