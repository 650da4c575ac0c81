// Live character counts on the Lean Canvas blocks (Unicode code points after collapsing spaces, as the server counts).
(function () {
  document.querySelectorAll(".block-field").forEach(function (field) {
    var box = field.querySelector("textarea");
    var out = field.querySelector(".counter .n");
    if (!box || !out) { return; }
    var min = Number(box.dataset.min || 0);
    function count() {
      var n = Array.from(box.value.trim().split(/\s+/).join(" ")).length;
      out.textContent = n;
      field.classList.toggle("short", n > 0 && n < min);
    }
    box.addEventListener("input", count);
    count();
  });
})();
