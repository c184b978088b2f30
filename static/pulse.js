// The pulse on the projector: redraws the topics every few seconds from /o/pulse.json, no reload.
(function () {
  var box = document.getElementById("pulse"), stamp = document.getElementById("pulse-updated");
  if (!box) return;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function draw(topics) {
    var parts = [];
    topics.forEach(function (t) {
      var s = el("section", "pulse-topic");
      s.appendChild(el("h2", "", t.topic));
      var p = el("p", "pulse-figures");
      p.appendChild(el("span", "pulse-responses", String(t.responses)));
      p.appendChild(document.createTextNode(" responses today · "));
      p.appendChild(el("span", "pulse-support", t.support_share + "%"));
      p.appendChild(document.createTextNode(" support"));
      s.appendChild(p);
      if (t.bridging.length) {
        var ul = el("ul", "pulse-bridging");
        t.bridging.forEach(function (b) {
          var li = el("li", "", "“" + b.text + "” ");
          li.appendChild(el("span", "small", "(" + b.agree + "% agree in every group)"));
          ul.appendChild(li);
        });
        s.appendChild(ul);
      }
      parts.push(s);
    });
    if (!parts.length) parts.push(el("p", "", "No responses yet today."));
    box.replaceChildren.apply(box, parts);
  }
  function poll() {
    fetch(box.dataset.url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (d) {
      draw(d.topics);
      stamp.textContent = "Updated " + new Date().toLocaleTimeString();
      setTimeout(poll, 3000);
    }).catch(function () { setTimeout(poll, 6000); });
  }
  setTimeout(poll, 3000);
})();
