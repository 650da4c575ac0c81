(function () {
  "use strict";
  var COLORS = { shop: "#1f4e8c", fair: "#e08a1e", wholesale: "#5a8f3d", online: "#8e44ad", export: "#c0392b" };
  var FONT = '"Sarabun", "Noto Sans Thai", "TH Sarabun New", "Loma", sans-serif';

  function money(value, thai) {
    if (value === null || value === undefined) return "–";
    var text = Math.round(value).toLocaleString("en-US");
    return thai ? text + " บาท" : "฿" + text;
  }

  function axisMoney(value, thai) {
    if (value >= 1e6) return (value / 1e6).toLocaleString("en-US", { maximumFractionDigits: 1 }) + (thai ? " ล้าน" : "M");
    return value.toLocaleString("en-US");
  }

  function options(data, thai, narrow) {
    var last = data.labels[data.labels.length - 1];
    var series = data.series.map(function (s) {
      return {
        name: s.name, type: "bar", stack: "sales", data: s.data, barMaxWidth: 28,
        itemStyle: { color: COLORS[s.key] }, emphasis: { focus: "series" }
      };
    });
    if (data.marker && series.length) {
      series[0].markLine = {
        symbol: "none", silent: true,
        lineStyle: { color: "#b03a2e", type: "dashed", width: 2 },
        label: {
          position: "end", formatter: data.marker.text, color: "#b03a2e", fontFamily: FONT,
          fontWeight: "bold", fontSize: narrow ? 12 : 13, distance: 6
        },
        data: [{ xAxis: data.marker.label }]
      };
      series[0].markArea = {
        silent: true, itemStyle: { color: "rgba(176, 58, 46, 0.07)" },
        data: [[{ xAxis: data.marker.label }, { xAxis: last }]]
      };
    }
    return {
      textStyle: { fontFamily: FONT },
      color: data.series.map(function (s) { return COLORS[s.key]; }),
      grid: { left: 8, right: 16, top: data.marker ? 72 : 48, bottom: 8, containLabel: true },
      legend: { top: 0, left: "center", type: "scroll", textStyle: { fontFamily: FONT } },
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        valueFormatter: function (v) { return money(v, thai); }
      },
      xAxis: { type: "category", data: data.labels, axisLabel: { fontFamily: FONT, hideOverlap: true } },
      yAxis: { type: "value", axisLabel: { fontFamily: FONT, formatter: function (v) { return axisMoney(v, thai); } } },
      series: series
    };
  }

  function render(el) {
    if (!window.echarts) return;
    var thai = (el.dataset.lang || "th").indexOf("th") === 0;
    fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        if (!data.labels.length) return;
        var chart = window.echarts.init(el, null, { renderer: "canvas" });
        var draw = function () { chart.setOption(options(data, thai, el.clientWidth < 600)); };
        draw();
        window.addEventListener("resize", function () { chart.resize(); draw(); });
        el.dataset.rendered = "true";
      })
      .catch(function () { el.classList.add("chart-failed"); });
  }

  document.querySelectorAll("#sales-chart[data-url]").forEach(render);
})();
