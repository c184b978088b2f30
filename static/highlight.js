// A highlight's clip: the video host's player loads only when the resident taps play (until
// then no third-party script or frame is fetched); without JavaScript the link opens the host.
(function () {
  document.querySelectorAll("a[data-player]").forEach(function (play) {
    play.addEventListener("click", function (e) {
      e.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = play.dataset.player;
      frame.title = "The clip";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.className = "clip-frame";
      var clip = play.closest(".clip");
      clip.replaceChildren(frame);
    });
  });
})();
