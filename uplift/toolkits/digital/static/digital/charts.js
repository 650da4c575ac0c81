// The digital workspace's radar: the six maturity dimensions, T0 against T1 (ECharts from static files).
(function () {
  var source = document.getElementById("digital-charts");
  var el = document.getElementById("radar-chart");
  if (!source || !el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent).radar;
  if (!data) { return; }

  // Thai has no spaces between words: break long axis names at word boundaries (Intl.Segmenter).
  function wrap(text, width) {
    if (text.length <= width || typeof Intl === "undefined" || !Intl.Segmenter) { return text; }
    var lines = [""];
    Array.from(new Intl.Segmenter(document.documentElement.lang || "th", { granularity: "word" }).segment(text))
      .forEach(function (part) {
        var last = lines.length - 1;
        if (lines[last].length && (lines[last] + part.segment).length > width) { lines.push(""); last += 1; }
        lines[last] += part.segment;
      });
    return lines.map(function (line) { return line.trim(); }).join("\n");
  }

  var narrow = el.clientWidth < 520;
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#9aa7b5", "#1f4e8c"],
    tooltip: { trigger: "item" },
    legend: { bottom: 0, data: data.series.map(function (s) { return s.name; }) },
    radar: {
      indicator: data.indicator,
      radius: narrow ? "52%" : "64%",
      center: ["50%", "47%"],
      axisName: { color: "#1d2733", fontSize: narrow ? 10 : 12, lineHeight: narrow ? 13 : 15,
                  formatter: function (name) { return wrap(name, narrow ? 10 : 18); } }
    },
    series: [{
      type: "radar",
      data: data.series.map(function (s, i) {
        var last = i === data.series.length - 1;
        return { name: s.name, value: s.value, areaStyle: { opacity: last ? 0.25 : 0.1 },
                 label: { show: last, fontSize: 10 } };
      })
    }]
  });
  el.dataset.ready = "1";
  window.digitalRadar = chart;
  window.addEventListener("resize", function () { chart.resize(); });
})();
