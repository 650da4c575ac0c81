// The standards pages' charts (ECharts from the project's static files): gap scores per assessment
// on the workspace, and the score of each section on an assessment page.
(function () {
  var source = document.getElementById("standards-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function bars(el, labels, values) {
    var chart = echarts.init(el);
    chart.setOption({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v === null ? "–" : v + "%"; } },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: labels, inverse: true, axisLabel: { fontSize: 11, width: 140, overflow: "truncate" } },
      series: [{ type: "bar", label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "" : p.value + "%"; } },
                 data: values.map(function (v) { return { value: v, itemStyle: { color: v === null ? "#d9e0e8" : v >= 90 ? "#2e7d4f" : v >= 70 ? "#c98a00" : "#b03a2e" } }; }) }]
    });
    charts.push(chart);
    el.dataset.ready = "1";
  }

  var scores = document.getElementById("scores-chart");
  if (scores && data.assessments && data.assessments.length) {
    bars(scores, data.assessments.map(function (a) { return a.label; }), data.assessments.map(function (a) { return a.score; }));
  }
  var sections = document.getElementById("sections-chart");
  if (sections && data.sections && data.sections.length) {
    bars(sections, data.sections.map(function (s) { return s.label; }), data.sections.map(function (s) { return s.score; }));
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
