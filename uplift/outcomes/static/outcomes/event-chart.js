/* The event-study chart of an evaluation: estimates by period with their 95% interval (data in #event-data). */
(function () {
  var node = document.getElementById("event-chart");
  if (!node || !window.echarts) return;
  var d = JSON.parse(document.getElementById("event-data").textContent);
  var c = echarts.init(node);
  c.setOption({
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: d.map(function (x) { return x.e; }) },
    yAxis: { type: "value" },
    series: [
      { type: "line", data: d.map(function (x) { return x.low; }), lineStyle: { opacity: 0 }, stack: "ci", stackStrategy: "all", symbol: "none" },
      { type: "line", data: d.map(function (x) { return x.high - x.low; }), lineStyle: { opacity: 0 }, areaStyle: { color: "#c9d8ec" }, stack: "ci", stackStrategy: "all", symbol: "none" },
      { type: "line", data: d.map(function (x) { return x.coef; }), itemStyle: { color: "#1f4e8c" },
        markLine: { symbol: "none", data: [{ yAxis: 0 }], lineStyle: { color: "#5d6b7a" } } }
    ]
  });
  window.addEventListener("resize", function () { c.resize(); });
})();
