// Projector: live turnout while voting is open; arrow keys, space or a click step through rounds.
(function () {
  var box = document.getElementById("turnout");
  if (box) {
    var issued = document.getElementById("t-issued"), voted = document.getElementById("t-voted");
    var state = document.getElementById("t-state");
    var poll = function () {
      fetch(box.dataset.url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (t) {
        issued.textContent = t.issued; voted.textContent = t.voted;
        if (t.closed) { state.textContent = "Voting has closed."; location.reload(); return; }
        state.textContent = t.open ? "Voting is open: scan the QR code on your card." : "Voting opens soon.";
        setTimeout(poll, 2000);
      }).catch(function () { setTimeout(poll, 5000); });
    };
    setTimeout(poll, 2000);
    return;
  }
  function go(rel) { var a = document.querySelector('a[rel="' + rel + '"]'); if (a) location.href = a.href; }
  document.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight" || e.key === " " || e.key === "PageDown" || e.key === "Enter") { e.preventDefault(); go("next"); }
    if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); go("prev"); }
  });
  document.body.addEventListener("click", function (e) { if (!e.target.closest("a, button")) go("next"); });
})();
