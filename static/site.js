// A page answered in place of a redirect (the login's callback answers the home page) names its
// own address: the address bar shows it, so a reload or a bookmark opens that page.
(function () {
  var own = document.querySelector("link[rel=canonical]");
  if (own && window.history.replaceState && own.href !== location.href) {
    history.replaceState(null, "", own.href);
  }
})();

// Upload progress for forms marked data-progress="<id of a <progress>>" (htmx sends them).
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest && event.target.closest("form[data-progress]");
  if (!form || !event.detail.lengthComputable) return;
  var bar = document.getElementById(form.getAttribute("data-progress"));
  if (!bar) return;
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  bar.textContent = bar.value + "%";
});

// Photos shrink before they travel: a JPEG or PNG chosen for an upload form is redrawn on a
// canvas (long side at most 2000 px, JPEG at 0.85) and put back into the field, so a 4 MB phone
// photo goes up as a few hundred KB. The server checks it as any upload. Browsers without
// canvas.toBlob or a constructible DataTransfer, a file that will not decode, and a file with a
// detached signature (the signature covers the original bytes) send the original.
(function () {
  var LONG_SIDE = 2000, QUALITY = 0.85, SMALL = 1024 * 1024;
  function capable() {
    if (!window.FileReader || !window.HTMLCanvasElement) return false;
    if (!HTMLCanvasElement.prototype.toBlob) return false;
    try { return !!new DataTransfer().items; } catch (e) { return false; }
  }
  if (!capable()) return;

  function shrinkable(input) {
    var form = input.form, file = input.files && input.files[0];
    if (input.type !== "file" || input.name !== "file" || !file || !form) return null;
    if (!form.hasAttribute("data-progress") || form.querySelector("input[name=signature]")) return null;
    return /^image\/(jpeg|png)$/.test(file.type) ? file : null;
  }

  function redraw(image, done) {
    var scale = Math.min(1, LONG_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
    var canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
    var context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // a transparent PNG turns white, not black
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.imageSmoothingQuality = "high";
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(done, "image/jpeg", QUALITY);
    return scale < 1;
  }

  // A data: URL, not a blob: one: the pages' CSP lets images come from 'self' and data: only.
  function shrink(file, done) {
    var image = new Image(), reader = new FileReader();
    image.onerror = reader.onerror = function () { done(null); };
    image.onload = function () {
      var large = Math.max(image.naturalWidth, image.naturalHeight) > LONG_SIDE;
      if (!large && file.size <= SMALL) return done(null);
      redraw(image, function (blob) { done(blob && blob.size < file.size ? blob : null); });
    };
    reader.onload = function () { image.src = reader.result; };
    reader.readAsDataURL(file);
  }

  function busy(form, on) {
    var buttons = form.querySelectorAll("button[type=submit], button:not([type])");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = on;
    if (on) form.setAttribute("data-shrinking", ""); else form.removeAttribute("data-shrinking");
  }

  document.addEventListener("change", function (event) {
    var input = event.target, file = shrinkable(input);
    if (!file) return;
    busy(input.form, true);
    shrink(file, function (blob) {
      if (blob && input.files[0] === file) {
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg", photo, box = new DataTransfer();
        try { photo = new File([blob], name, { type: "image/jpeg" }); } catch (e) { photo = null; }
        if (photo) { box.items.add(photo); input.files = box.files; }
      }
      busy(input.form, false);
    });
  });
})();
