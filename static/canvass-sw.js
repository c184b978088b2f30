// The canvasser's service worker: the doorstep page and its files come from this phone when there
// is no signal (or too little to wait for). Answers themselves are queued by canvass.js.
var CACHE = "hustings-canvass-v1";
var FILES = ["/static/style.css", "/static/canvass.js"];
var PATIENCE = 4000;  // ms to wait for the network before showing the saved page

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(FILES); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (e) {
  e.waitUntil(self.clients.claim());
});

function withPatience(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("too slow")); }, PATIENCE);
    fetch(request).then(function (r) { clearTimeout(timer); resolve(r); },
                        function (e) { clearTimeout(timer); reject(e); });
  });
}

function noSignal() {  // WORDS, in the doorstep page's language, comes first from /c/sw.js
  var escape = function (t) { return String(t).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); };
  return "<!doctype html><html lang='" + escape(WORDS.lang) + "' dir='" + escape(WORDS.dir) + "'><meta charset=utf-8>" +
    "<meta name=viewport content='width=device-width'><title>" + escape(WORDS.title) + "</title><h1>" +
    escape(WORDS.title) + "</h1><p>" + escape(WORDS.text) + "</p></html>";
}

function page(request) {
  var url = new URL(request.url);
  var key = url.origin + url.pathname;  // ?saved=1 is the same page
  return withPatience(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (c) { return c.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (hit) {
      return hit || new Response(noSignal(), {status: 503, headers: {"content-type": "text/html; charset=utf-8"}});
    });
  });
}

function file(request) {
  return caches.match(request).then(function (hit) {
    var fresh = fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (c) { return c.put(request, copy); });
      }
      return response;
    });
    if (hit) { fresh.catch(function () {}); return hit; }
    return fresh;
  });
}

self.addEventListener("fetch", function (e) {
  var request = e.request;
  if (request.method !== "GET") return;  // answers are posted by the page, never cached
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.indexOf("/c/") === 0) {
    e.respondWith(page(request));
  } else if (FILES.indexOf(url.pathname) !== -1) {
    e.respondWith(file(request));
  }
});
