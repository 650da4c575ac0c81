// The lean workspace's charts (ECharts from the project's static files): the loss waterfall,
// each line's balance against takt, and OEE with good output by day.
(function () {
  var source = document.getElementById("lean-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function draw(el, option) {
    var chart = echarts.init(el);
    chart.setOption(option);
    charts.push(chart);
    el.dataset.ready = "1";
  }

  var waterfallEl = document.getElementById("waterfall-chart");
  if (waterfallEl && data.waterfall.length) {
    var steps = data.waterfall;
    draw(waterfallEl, {
      grid: { left: 28, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (items) {
          var step = steps[items[0].dataIndex];
          var lines = [step.name + ": " + step.minutes.toLocaleString() + " min"];
          step.by_loss.forEach(function (part) { lines.push("• " + part.name + " " + part.minutes.toLocaleString()); });
          return lines.join("<br>");
        }
      },
      xAxis: { type: "category", data: steps.map(function (s) { return s.name; }),
               axisLabel: { interval: 0, rotate: 30, fontSize: 10 } },
      yAxis: { type: "value", name: "min" },
      series: [
        { type: "bar", stack: "w", silent: true, itemStyle: { color: "transparent" },
          data: steps.map(function (s) { return s.base; }) },
        { type: "bar", stack: "w", label: { show: true, position: "top", fontSize: 10 },
          data: steps.map(function (s) {
            return { value: s.minutes, itemStyle: { color: s.loss ? "#b03a2e" : (s.code === "fully_productive" ? "#2e7d4f" : "#1f4e8c") } };
          }) }
      ]
    });
  }

  document.querySelectorAll(".balance-chart").forEach(function (el) {
    var line = data.balance[Number(el.dataset.line)];
    if (!line) { return; }
    draw(el, {
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: line.steps, axisLabel: { interval: 0, rotate: 20, fontSize: 10 } },
      yAxis: { type: "value", name: "s" },
      series: [{
        type: "bar",
        data: line.cycle_seconds.map(function (v, i) {
          return { value: Math.round(v * 100) / 100, itemStyle: { color: line.over_takt[i] ? "#b03a2e" : "#1f4e8c" } };
        }),
        markLine: { symbol: "none", data: [{ yAxis: line.takt_seconds, name: "takt" }],
                    label: { formatter: "takt {c}" }, lineStyle: { color: "#c98a00", type: "dashed", width: 2 } }
      }]
    });
  });

  var dailyEl = document.getElementById("daily-chart");
  if (dailyEl && data.dates.length) {
    draw(dailyEl, {
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: data.dates.map(function (d) { return d.key; }) },
      yAxis: [{ type: "value", name: "OEE %", max: 100 }, { type: "value", name: "pcs" }],
      series: [
        { name: "OEE %", type: "line", data: data.dates.map(function (d) { return Math.round(d.oee * 1000) / 10; }) },
        { name: "good", type: "bar", yAxisIndex: 1, data: data.dates.map(function (d) { return d.good_count; }) }
      ]
    });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
