// The doorstep form, offline-proof: each answer gets its own id and waits in this phone's storage
// until the server has it; the server takes each id once, so sending again never duplicates.
// Without JavaScript the form simply posts (the page carries an id for that answer too).
(function () {
  var form = document.getElementById("doorstep");
  if (!form || !window.localStorage || !window.fetch || !window.URLSearchParams) return;
  var KEY = "hustings-doorsteps:" + form.getAttribute("data-token");
  var status = document.getElementById("queue");
  var sending = false;
  var note = "";

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); }
  function update(uid, change) {
    save(load().map(function (a) { return a.fields.uid === uid ? change(a) : a; })
      .filter(Boolean));
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  function today() {
    var d = new Date();
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // The page's words, in its language, from the form's data- attributes.
  function said(key) { return form.dataset[key]; }

  function show() {
    var queue = load();
    var stuck = queue.filter(function (a) { return a.error; });
    var waiting = queue.length;
    status.hidden = false;
    status.className = waiting ? "queue waiting" : "queue sent";
    var text = waiting ? said("waiting").replace("{n}", waiting) : said("sent");
    if (waiting && !stuck.length) text += navigator.onLine ? "…" : " " + said("offline");
    if (stuck.length) {
      text += ". " + said("stuck").replace("{n}", stuck.length).replace("{error}", stuck[0].error);
    }
    status.textContent = text + (note ? " " + note : "");
  }

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? m[1] : form.elements.csrftoken.value;
  }

  function post(fields) {
    return fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: {"accept": "application/json", "x-csrftoken": csrf(),
                "content-type": "application/x-www-form-urlencoded"},
      body: new URLSearchParams(fields).toString()
    });
  }

  async function sendOne(answer) {
    var r = await post(answer.fields);
    if (r.status === 403 && !/json/.test(r.headers.get("content-type") || "")) {
      await fetch(location.pathname, {credentials: "same-origin"});  // a fresh CSRF cookie
      r = await post(answer.fields);
    }
    if (r.ok) {
      var body = await r.json();
      if (body.note) note = body.note;
      update(answer.fields.uid, function () { return null; });
      return true;
    }
    if (r.status >= 500 || r.status === 429 || r.status === 408) return false;  // try later
    var message = "the server refused it.";
    try { message = (await r.json()).error || message; } catch (e) { /* not JSON */ }
    update(answer.fields.uid, function (a) { a.error = message; return a; });
    return true;
  }

  async function flush() {
    // A phone that knows it has no connection waits for the "online" event rather than trying.
    if (sending || navigator.onLine === false) return;
    sending = true;
    try {
      var queue = load().filter(function (a) { return !a.error; });
      for (var i = 0; i < queue.length; i++) {
        if (!(await sendOne(queue[i]))) break;
      }
    } catch (e) {
      // no signal (fetch failed): the answers stay queued for the next try
    } finally {
      sending = false;
      show();
    }
  }

  // What the server checks, checked here too, so a queued answer is not refused later.
  function field(name) { return form.elements[name]; }
  function sync() {
    var talked = form.querySelector("input[name=outcome]:checked").value === "talked";
    document.getElementById("talked").hidden = !talked;
    var consent = field("consent").checked;
    document.getElementById("contact").hidden = !consent;
    field("name").required = talked && consent;
    var trusting = talked && field("trusted").value.trim() !== "";
    ["why", "nominator", "postcode", "lives_here"].forEach(function (n) { field(n).required = trusting; });
    var empty = talked && !field("good").value.trim() && !field("improve").value.trim();
    field("good").setCustomValidity(empty ? said("empty") : "");
    var noWay = talked && consent && !field("phone").value.trim() && !field("email").value.trim();
    field("phone").setCustomValidity(noWay ? said("noWay") : "");
  }
  form.addEventListener("input", sync);
  form.addEventListener("change", sync);

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    sync();
    if (!form.reportValidity()) return;
    var fields = {};
    new FormData(form).forEach(function (value, name) { if (name !== "csrftoken") fields[name] = value; });
    if (!field("consent").checked) { delete fields.name; delete fields.phone; delete fields.email; }
    fields.uid = uuid();
    fields.day = today();
    var queue = load();
    queue.push({fields: fields, queued: Date.now()});
    try {
      save(queue);
    } catch (err) {  // storage full or refused: post it the ordinary way instead
      form.elements.uid.value = fields.uid;
      form.submit();
      return;
    }
    var street = field("street").value;
    form.reset();
    field("street").value = street;  // the next door is usually on the same street
    form.querySelectorAll("details").forEach(function (d) { d.open = false; });
    var count = document.getElementById("doors-today");
    count.textContent = String(Number(count.textContent) + 1);
    var saved = document.getElementById("saved");
    if (saved) saved.hidden = true;
    note = "";
    sync();
    show();
    flush();
    window.scrollTo(0, 0);
  });

  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  load().forEach(function (a) { if (a.error) update(a.fields.uid, function (x) { delete x.error; return x; }); });
  sync();
  show();
  flush();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/c/sw.js?lang=" + encodeURIComponent(document.documentElement.lang), {scope: "/c/"}).catch(function () {});
  }
  if (window.caches) {  // this page itself, for the first visit (the worker keeps it fresh after)
    caches.open("hustings-canvass-v1").then(function (c) {
      return c.addAll([location.pathname, "/static/style.css", "/static/canvass.js"]);
    }).catch(function () {});
  }
})();
