// Tap to rank: a friendlier layer over the plain <select> per rank, which stays the source of
// truth (the form posts the selects, so the ballot works the same with JavaScript off).
(function () {
  var form = document.getElementById("ballot");
  if (!form) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll(".ranks select"));
  var names = {};
  Array.prototype.forEach.call(selects[0].options, function (o) { if (o.value) names[o.value] = o.text; });
  var order = selects.map(function (s) { return s.value; }).filter(Boolean);
  order = order.filter(function (v, i) { return order.indexOf(v) === i; });
  var tap = document.getElementById("tap");
  var ranked = document.getElementById("ranked");
  var unranked = document.getElementById("unranked");
  tap.hidden = false;
  document.getElementById("ranks").hidden = true;

  // Words and ordinals come from the page, in the voter's language.
  var ordinals = form.dataset.ordinals.split("|");
  function ordinal(n) { return ordinals[n - 1] || String(n); }
  function say(key, name, n) {
    return form.dataset[key].replace("{name}", name).replace("{ordinal}", n ? ordinal(n) : "");
  }
  function button(label, text, key, onclick) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = text; b.setAttribute("aria-label", label);
    b.setAttribute("data-key", key);
    b.addEventListener("click", onclick);
    return b;
  }
  function move(i, delta) {
    var j = i + delta;
    if (j < 0 || j >= order.length) return;
    var t = order[i]; order[i] = order[j]; order[j] = t;
    draw([(delta < 0 ? "up:" : "down:") + order[j], (delta < 0 ? "down:" : "up:") + order[j]]);
  }
  // The list is redrawn after each tap: keep the keyboard where the voter would look next.
  function focusFirst(keys) {
    for (var k = 0; k < keys.length; k++) {
      var b = keys[k] && tap.querySelector('[data-key="' + keys[k] + '"]');
      if (b) { b.focus(); return; }
    }
    var next = unranked.querySelector("button") || form.querySelector("button.primary");
    if (next) next.focus();
  }
  function draw(focus) {
    selects.forEach(function (s, i) { s.value = order[i] || ""; });
    ranked.textContent = ""; unranked.textContent = "";
    order.forEach(function (id, i) {
      var li = document.createElement("li");
      var num = document.createElement("span"); num.className = "num"; num.textContent = ordinal(i + 1);
      var name = document.createElement("span"); name.className = "name"; name.textContent = names[id];
      var heard = document.createElement("span"); heard.className = "visually-hidden";
      heard.textContent = say("ranked", names[id], i + 1);  // "Ana Okafor, ranked 1st"
      num.setAttribute("aria-hidden", "true"); name.setAttribute("aria-hidden", "true");
      li.appendChild(num); li.appendChild(name); li.appendChild(heard);
      li.appendChild(button(say("up", names[id]), "↑", "up:" + id, function () { move(i, -1); }));
      li.appendChild(button(say("down", names[id]), "↓", "down:" + id, function () { move(i, 1); }));
      li.appendChild(button(say("remove", names[id]), "✕", "remove:" + id,
        function () { order.splice(i, 1); draw([]); }));
      ranked.appendChild(li);
    });
    Object.keys(names).forEach(function (id) {
      if (order.indexOf(id) !== -1) return;
      unranked.appendChild(button(say("rank", names[id], order.length + 1),
        "+ " + names[id], "rank:" + id, function () { order.push(id); draw([]); }));
    });
    if (focus) focusFirst(focus);
  }
  draw();
})();
