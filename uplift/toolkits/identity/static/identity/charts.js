// The identity pages' charts (ECharts from the project's static files): each launch's monthly sales,
// the fitted segmented trend and the trend without the launch, with the launch month marked.
(function () {
  var source = document.getElementById("identity-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];

  document.querySelectorAll(".its-chart").forEach(function (el) {
    var s = data.launches[Number(el.dataset.launch)];
    if (!s || !s.months.length) { return; }
    var series = [{ name: el.dataset.observed || "sales", type: "line", symbolSize: 6, data: s.observed,
                    itemStyle: { color: "#1f4e8c" },
                    markLine: { symbol: "none", data: [{ xAxis: s.launch }], label: { formatter: el.dataset.launchLabel || "launch" },
                                lineStyle: { color: "#c98a00", type: "dashed", width: 2 } } }];
    if (s.fitted.length) {
      series.push({ name: el.dataset.fitted || "fitted", type: "line", showSymbol: false, data: s.fitted,
                    lineStyle: { width: 2 }, itemStyle: { color: "#2e7d4f" } });
      series.push({ name: el.dataset.counterfactual || "without launch", type: "line", showSymbol: false,
                    data: s.counterfactual, lineStyle: { type: "dotted", width: 2 }, itemStyle: { color: "#b03a2e" } });
    }
    var chart = echarts.init(el);
    chart.setOption({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: s.months, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value" },
      series: series
    });
    charts.push(chart);
    el.dataset.ready = "1";
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
