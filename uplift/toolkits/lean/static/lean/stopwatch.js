// Stopwatch and tally for timing a process on a phone: laps go to the form as cumulative split
// seconds, tally marks as {category: count}; the server computes cycles, outliers and shares.
(function () {
  var form = document.getElementById("timing-form");
  if (!form) { return; }
  var kind = form.elements.kind, splitsField = form.elements.splits, marksField = form.elements.marks;
  var panels = { stopwatch: document.getElementById("panel-stopwatch"), tally: document.getElementById("panel-tally") };
  function showPanel() {
    Object.keys(panels).forEach(function (k) { panels[k].hidden = kind.value !== k; });
  }
  kind.addEventListener("change", showPanel);
  showPanel();

  var watch = document.getElementById("watch"), lapButton = document.getElementById("watch-lap");
  var lapsList = document.getElementById("laps");
  var started = null, splits = [], timer = null;
  function seconds() { return (performance.now() - started) / 1000; }
  function render() {
    splitsField.value = splits.map(function (s) { return s.toFixed(2); }).join(",");
    lapsList.innerHTML = "";
    splits.forEach(function (s, i) {
      var li = document.createElement("li");
      li.textContent = (s - (i ? splits[i - 1] : 0)).toFixed(1) + " s";
      lapsList.appendChild(li);
    });
  }
  function tick() { watch.textContent = started === null ? "0.0" : seconds().toFixed(1); }
  lapButton.addEventListener("click", function () {
    if (started === null) {
      started = performance.now();
      timer = setInterval(tick, 100);
      lapButton.textContent = lapButton.dataset.lap;
      return;
    }
    splits.push(seconds());
    render();
  });
  document.getElementById("watch-undo").addEventListener("click", function () { splits.pop(); render(); });
  document.getElementById("watch-reset").addEventListener("click", function () {
    clearInterval(timer); started = null; splits = []; tick(); render();
    lapButton.textContent = lapButton.dataset.start;
  });

  var marks = {}, history = [];
  function renderMarks() {
    marksField.value = JSON.stringify(marks);
    form.querySelectorAll(".tally").forEach(function (b) { b.querySelector(".n").textContent = marks[b.dataset.code] || 0; });
  }
  form.querySelectorAll(".tally").forEach(function (b) {
    b.addEventListener("click", function () {
      marks[b.dataset.code] = (marks[b.dataset.code] || 0) + 1;
      history.push(b.dataset.code);
      renderMarks();
    });
  });
  document.getElementById("tally-undo").addEventListener("click", function () {
    var last = history.pop();
    if (last) { marks[last] -= 1; if (!marks[last]) { delete marks[last]; } }
    renderMarks();
  });
})();
