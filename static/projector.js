// Projector: live turnout while voting is open; full screen; arrow keys, space or a click
// step through the rounds (count.js animates them).
(function () {
  var full = document.getElementById("fullscreen");
  if (full && document.documentElement.requestFullscreen) {
    full.hidden = false;
    full.addEventListener("click", function (e) {
      e.stopPropagation();
      if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
    });
  }
  var box = document.getElementById("turnout");
  if (box) {
    var issued = document.getElementById("t-issued"), voted = document.getElementById("t-voted");
    var state = document.getElementById("t-state"), fill = document.getElementById("t-bar");
    var poll = function () {
      fetch(box.dataset.url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (t) {
        issued.textContent = t.issued; voted.textContent = t.voted;
        fill.setAttribute("width", t.issued ? (1000 * t.voted / t.issued).toFixed(1) : 0);
        if (t.closed) { state.textContent = box.dataset.closed; location.reload(); return; }
        state.textContent = t.open ? box.dataset.open : box.dataset.soon;
        setTimeout(poll, 2000);
      }).catch(function () { setTimeout(poll, 5000); });
    };
    setTimeout(poll, 2000);
    return;
  }
  function go(rel) { var a = document.querySelector('a[rel="' + rel + '"]'); if (a && !a.hidden) a.click(); }
  document.addEventListener("keydown", function (e) {
    if (e.key === "f") { if (full && !full.hidden) full.click(); return; }
    if (e.key === "ArrowRight" || e.key === " " || e.key === "PageDown" || e.key === "Enter") { e.preventDefault(); go("next"); }
    if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); go("prev"); }
  });
  document.body.addEventListener("click", function (e) { if (!e.target.closest("a, button")) go("next"); });
})();
