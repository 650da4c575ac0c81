// The footprint page's charts (ECharts from the project's static files): hotspots as a Pareto
// (contributions largest first, with the cumulative share) and the footprint by category.
(function () {
  var source = document.getElementById("carbon-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function draw(el, option) {
    var chart = echarts.init(el);
    chart.setOption(option);
    charts.push(chart);
    el.dataset.ready = "1";
  }

  var hotspotEl = document.getElementById("hotspot-chart");
  if (hotspotEl && data.hotspots.length) {
    draw(hotspotEl, {
      grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.hotspots.map(function (h) { return h.item; }),
               axisLabel: { interval: 0, rotate: 30, fontSize: 10 } },
      yAxis: [{ type: "value", name: "kgCO2e" }, { type: "value", name: "%", max: 100 }],
      series: [
        { type: "bar", name: "kgCO2e", data: data.hotspots.map(function (h) {
            return { value: Math.round(h.kgco2e * 10000) / 10000, itemStyle: { color: h.in_pareto ? "#b03a2e" : "#1f4e8c" } };
          }) },
        { type: "line", name: "%", yAxisIndex: 1, data: data.hotspots.map(function (h) { return Math.round(h.cumulative * 1000) / 10; }),
          markLine: { symbol: "none", data: [{ yAxis: 80 }], lineStyle: { color: "#c98a00", type: "dashed" } } }
      ]
    });
  }

  var categoryEl = document.getElementById("category-chart");
  if (categoryEl && data.categories.length) {
    draw(categoryEl, {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: data.categories.map(function (c) { return c.name; }) },
      series: [{ type: "bar", data: data.categories.map(function (c) { return Math.round(c.kgco2e * 10000) / 10000; }),
                 itemStyle: { color: "#2e7d4f" } }]
    });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
