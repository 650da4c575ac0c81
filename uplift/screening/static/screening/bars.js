// Bars by regional centre: one series on a scenario page (fetched), two on the comparison page (inline JSON).
(function () {
  function draw(el, labels, series) {
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" }, legend: { show: series.length > 1 }, grid: { left: 150, right: 20, top: 30, bottom: 20 },
      xAxis: { type: "value" }, yAxis: { type: "category", data: labels, inverse: true },
      series: series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var single = document.getElementById("bars-centre");
  if (single) {
    fetch(single.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      draw(single, d.centres.map(function (c) { return c.number + " " + c.name; }),
           [{ name: "", data: d.centres.map(function (c) { return c.count; }) }]);
    });
  }
  var pair = document.getElementById("bars-compare");
  if (pair) {
    var rows = JSON.parse(document.getElementById("compare-centres").textContent);
    draw(pair, rows.map(function (c) { return c.number + " " + c.name; }),
         [{ name: "A", data: rows.map(function (c) { return c.a; }) }, { name: "B", data: rows.map(function (c) { return c.b; }) }]);
  }
})();
