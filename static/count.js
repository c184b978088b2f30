// The count, animated: votes visibly move from the candidate who went out (or had votes to
// spare) to the voters' next choices, then the bars settle on the next round. Without
// JavaScript (or the Web Animations API) each round is its own page, linked by Back and Next.
(function () {
  var box = document.getElementById("count");
  if (!box || !box.dataset.chart || !box.animate || !window.requestAnimationFrame) return;
  var chart = JSON.parse(box.dataset.chart);
  var last = chart.rounds.length;
  var step = Number(box.dataset.step);
  var winnersScreen = box.hasAttribute("data-winners-screen");
  var next = document.querySelector('a[rel="next"]');
  var prev = document.querySelector('a[rel="prev"]');
  var hash = location.pathname.indexOf("/results/") === 0 ? "#count" : "";
  var busy = false, queued = 0;  // Nexts pressed mid-move: caught up at once when it ends
  var MOVE = 1200, SETTLE = 700;
  var words = JSON.parse(box.dataset.words || "{}");  // in the page's language
  function say(key, values) {
    return (words[key] || "").replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function row(name) { return box.querySelector('tr[data-name="' + name.replace(/"/g, '\\"') + '"]'); }
  function bar(name) { var r = row(name); return r && r.querySelector(".count-bar"); }
  function width(rect) { return Number(rect.getAttribute("width")) || 0; }
  function status(s) { return (words.statuses || {})[s] || ""; }

  function tween(targets, ms, done) {  // [[rect, to], ...]: widths glide in SVG units
    var from = targets.map(function (t) { return width(t[0]); });
    var start = null;
    function frame(now) {
      if (start === null) start = now;
      var k = Math.min(1, (now - start) / ms), ease = k < .5 ? 2 * k * k : 1 - Math.pow(-2 * k + 2, 2) / 2;
      targets.forEach(function (t, i) { t[0].setAttribute("width", (from[i] + (t[1] - from[i]) * ease).toFixed(1)); });
      if (k < 1) requestAnimationFrame(frame); else if (done) done();
    }
    requestAnimationFrame(frame);
  }

  function show(n) {  // round n, 1-based, drawn at once
    var s = chart.rounds[n - 1];
    s.bars.forEach(function (b) {
      var r = row(b.name);
      r.className = "count-row " + b.status;
      r.querySelector(".count-bar").setAttribute("width", b.width);
      r.querySelector(".n").textContent = b.votes;
      r.querySelector(".status").textContent = status(b.status);
    });
    bar("exhausted").setAttribute("width", s.exhausted_width);
    row("exhausted").querySelector(".n").textContent = s.exhausted;
    Array.prototype.forEach.call(box.querySelectorAll(".count-line"), function (l) {
      l.setAttribute("x1", s.threshold_x); l.setAttribute("x2", s.threshold_x);
    });
    document.getElementById("count-round").textContent = say("round", {n: s.round, of: last});
    box.querySelector("caption").textContent = say("caption", {n: s.round});
    document.getElementById("count-threshold").textContent = s.threshold;
    document.getElementById("count-moves").textContent = s.transfers.length ? say("moves", {moves: s.transfers.map(function (t) {
      return say("move", {votes: t.votes, from: t.from, to: t.to === "exhausted" ? say("none", {}) : t.to});
    }).join("; ")}) : "";
    document.getElementById("count-ties").textContent = s.ties.map(function (t) { return t + "."; }).join(" ");
    step = n;
    box.dataset.step = n;
    history.replaceState(null, "", "?round=" + n + hash);
    if (next) {
      next.href = "?round=" + (n + 1) + hash;
      next.textContent = n < last ? say("next", {n: n + 1}) : say("winners", {});
      next.hidden = n >= last && !winnersScreen;
    }
    if (prev) {
      prev.href = "?round=" + (n - 1) + hash;
      prev.textContent = winnersScreen ? say("back", {}) : say("prev", {n: n - 1});
      prev.hidden = n <= 1 && !winnersScreen;
    }
  }

  function move(n) {  // from round n to round n + 1
    var s = chart.rounds[n - 1], t = chart.rounds[n];
    var origin = box.getBoundingClientRect();
    var sent = {}, landed = {};
    busy = true;
    box.classList.add("moving");
    var chips = s.transfers.map(function (tr) {
      var src = bar(tr.from), dst = bar(tr.to);
      if (!src || !dst) return null;
      var track = src.ownerSVGElement.getBoundingClientRect();
      var scale = track.width / 1000, sb = src.getBoundingClientRect(), db = dst.getBoundingClientRect();
      var w = tr.width * scale;
      sent[tr.from] = (sent[tr.from] || 0) + w;
      var x0 = sb.left + width(src) * scale - sent[tr.from] - origin.left;
      var x1 = db.left + width(dst) * scale + (landed[tr.to] || 0) - origin.left;
      landed[tr.to] = (landed[tr.to] || 0) + w;
      var chip = document.createElement("div");
      chip.className = "chip";
      chip.dataset.to = tr.to;
      chip.style.left = x0 + "px";
      chip.style.top = (sb.top - origin.top) + "px";
      chip.style.width = Math.max(w, 4) + "px";
      chip.style.height = sb.height + "px";
      box.appendChild(chip);
      chip.animate([{transform: "translate(0, 0)"},
                    {transform: "translate(" + (x1 - x0) + "px, " + (db.top - sb.top) + "px)"}],
                   {duration: MOVE, easing: "ease-in-out", fill: "forwards"});
      return chip;
    }).filter(Boolean);
    var shrink = t.bars.filter(function (b) { return sent[b.name]; }).map(function (b) { return [bar(b.name), b.width]; });
    s.bars.forEach(function (b) { if (sent[b.name] && !t.bars.some(function (x) { return x.name === b.name; })) shrink.push([bar(b.name), 0]); });
    var flight = chips.length ? MOVE : 0;  // nothing to move (a candidate with no votes went out)
    tween(shrink, flight || 1);
    setTimeout(function () {
      var settle = t.bars.map(function (b) { return [bar(b.name), b.width]; });
      settle.push([bar("exhausted"), t.exhausted_width]);
      tween(settle, SETTLE, function () {
        chips.forEach(function (c) { c.remove(); });
        box.classList.remove("moving");
        show(n + 1);
        busy = false;
        while (queued > 0 && step < last) { queued--; show(step + 1); }
        if (queued > 0 && next) { queued = 0; next.click(); }
      });
    }, flight);
  }

  if (next) next.addEventListener("click", function (e) {
    if (busy) { e.preventDefault(); queued++; return; }
    if (step < last) { e.preventDefault(); move(step); }
  });
  if (prev) prev.addEventListener("click", function (e) {
    if (busy) { e.preventDefault(); return; }
    if (step > 1) { e.preventDefault(); show(step - 1); }
  });
})();
