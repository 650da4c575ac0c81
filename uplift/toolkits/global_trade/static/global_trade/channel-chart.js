(function () {
  "use strict";
  var COLORS = { online: "#8e44ad", export: "#c0392b", share: "#1f4e8c" };
  var FONT = '"Sarabun", "Noto Sans Thai", "TH Sarabun New", "Loma", sans-serif';

  function money(value, thai) {
    if (value === null || value === undefined) return "–";
    var text = Math.round(value).toLocaleString("en-US");
    return thai ? text + " บาท" : "฿" + text;
  }

  function options(data, thai, narrow) {
    var series = data.series.map(function (s) {
      var line = s.type === "line";
      return {
        name: s.name, type: s.type, data: s.data, yAxisIndex: line ? 1 : 0, connectNulls: line,
        barMaxWidth: 24, itemStyle: { color: COLORS[s.key] }, symbolSize: 6,
        tooltip: { valueFormatter: function (v) { return line ? (v === null ? "–" : v + "%") : money(v, thai); } }
      };
    });
    if (data.marks.length && series.length) {
      series[0].markLine = {
        symbol: "none", silent: true, lineStyle: { color: "#b03a2e", type: "dashed" },
        label: { formatter: "{b}", fontFamily: FONT, fontSize: narrow ? 11 : 12, color: "#b03a2e" },
        data: data.marks.map(function (m) { return { name: m.text, xAxis: m.label }; })
      };
    }
    return {
      textStyle: { fontFamily: FONT },
      grid: { left: 8, right: 8, top: 64, bottom: 8, containLabel: true },
      legend: { top: 0, type: "scroll", textStyle: { fontFamily: FONT } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: data.labels, axisLabel: { fontFamily: FONT, hideOverlap: true } },
      yAxis: [
        { type: "value", axisLabel: { fontFamily: FONT } },
        { type: "value", max: 100, axisLabel: { fontFamily: FONT, formatter: "{value}%" }, splitLine: { show: false } }
      ],
      series: series
    };
  }

  function render(el) {
    var source = document.getElementById("channel-chart-data");
    if (!window.echarts || !source) return;
    var data = JSON.parse(source.textContent);
    var thai = (el.dataset.lang || "th").indexOf("th") === 0;
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    var draw = function () { chart.setOption(options(data, thai, el.clientWidth < 600)); };
    draw();
    window.addEventListener("resize", function () { chart.resize(); draw(); });
    el.dataset.rendered = "true";
  }

  var el = document.getElementById("channel-chart");
  if (el) render(el);
})();
