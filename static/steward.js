// The steward photographs a card's QR code instead of typing its number: the phone's camera app
// takes the photo (this works on a plain-http hall network, where live camera access does not),
// jsQR finds the code in it, and the scan form posts it. Without JavaScript the form stays hidden
// and the steward types numbers.
(function () {
  var form = document.getElementById("scan");
  var photo = document.getElementById("scan-photo");
  var note = document.getElementById("scan-note");
  if (!form || !photo || !window.FileReader || !document.createElement("canvas").getContext) return;
  form.hidden = false;

  function say(text) { note.textContent = text; note.hidden = !text; }

  function withReader(then) {
    if (window.jsQR) return then();
    var s = document.createElement("script");
    s.src = "/static/vendor/jsQR.min.js";
    s.onload = then;
    s.onerror = function () { say("The scanner did not load (no signal?). Type the card number instead."); };
    document.head.appendChild(s);
  }

  function codeIn(text) {  // the card's QR holds its voting link, /v/<code>
    var m = /\/v\/([0-9A-Za-z-]{16,24})\/?$/.exec(text.trim());
    return m ? m[1] : null;
  }

  function read(image) {
    var scale = Math.min(1, 1600 / Math.max(image.naturalWidth, image.naturalHeight));
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    var ctx = canvas.getContext("2d");
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    var pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR(pixels.data, canvas.width, canvas.height);
    var code = found && codeIn(found.data);
    if (!code) {
      say(found ? "That QR code is not a voting card's. Photograph the card's own code."
                : "No card code found in that photo. Hold the card flat, fill the frame with its QR code, and try again.");
      return;
    }
    say("Card found: activating…");
    form.elements.code.value = code;
    form.submit();
  }

  photo.addEventListener("change", function () {
    var file = photo.files && photo.files[0];
    if (!file) return;
    say("Reading the photo…");
    withReader(function () {
      var reader = new FileReader();
      reader.onload = function () {
        var image = new Image();
        image.onload = function () { read(image); };
        image.onerror = function () { say("That photo could not be opened. Try again."); };
        image.src = reader.result;  // a data: URL, which the page's security policy allows
      };
      reader.readAsDataURL(file);
    });
    photo.value = "";
  });
})();
