// A live preview of the shift's availability, performance, quality and OEE while it is typed in.
// The saved figures are computed on the server from summed times and counts; this is a guide only.
(function () {
  var form = document.querySelector(".shift-form");
  var out = document.getElementById("shift-preview");
  if (!form || !out) { return; }
  function value(name) {
    var el = form.elements[name];
    var v = el ? parseFloat(String(el.value).replace(/,/g, "")) : NaN;
    return isNaN(v) ? null : v;
  }
  function pct(x) { return (Math.round(x * 1000) / 10).toFixed(1) + "%"; }
  function update() {
    var planned = value("planned_minutes"), cycle = value("ideal_cycle_seconds");
    var total = value("total_count"), good = value("good_count"), down = value("downtime_minutes");
    if (down === null) {
      down = 0;
      form.querySelectorAll("[name^=stop_minutes_]").forEach(function (el) {
        var loss = form.elements[el.name.replace("minutes", "loss")].value;
        var v = parseFloat(el.value);
        if (loss && loss !== "small_stop" && !isNaN(v)) { down += v; }
      });
    }
    if (!planned || !cycle || total === null || good === null || planned <= down || total <= 0) { out.textContent = ""; return; }
    var run = planned - down;
    var a = run / planned, p = Math.min(cycle * total / 60 / run, 1), q = good / total;
    out.textContent = out.dataset.labelA + " " + pct(a) + " · " + out.dataset.labelP + " " + pct(p) + " · " +
      out.dataset.labelQ + " " + pct(q) + " · OEE " + pct(a * p * q);
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
