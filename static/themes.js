// Finding themes takes a few seconds on a big ward and the page waits for the answer: say so,
// count the seconds, and stop a second click from starting a second run.
(function () {
  var note = document.getElementById("finding");
  if (!note) return;
  var forms = document.querySelectorAll("form.finds");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) { event.preventDefault(); return; }  // one run at a time
      form.setAttribute("data-sent", "yes");
      var button = form.querySelector("button");
      var answers = form.getAttribute("data-answers");
      var started = Date.now();
      function tick() {
        var seconds = Math.round((Date.now() - started) / 1000);
        note.textContent = "Finding themes in " + answers + " answers… " + seconds +
          " s so far. A ward of 10,000 answers takes a few seconds; the page opens when it is done.";
      }
      tick();
      note.hidden = false;
      setInterval(tick, 1000);
      // Marked, not disabled: Chromium drops a submission whose button is disabled under it.
      if (button) button.setAttribute("aria-disabled", "true");
    });
  });
})();
