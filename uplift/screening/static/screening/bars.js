// Bars by regional centre: one series on a scenario page (fetched), two on the comparison page (inline JSON).
(function () {
  function draw(el, labels, series) {
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" }, legend: { show: series.length > 1 }, grid: { left: 150, right: 20, top: 30, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: labels, inverse: true },
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
  var mapEl = document.getElementById("map-province");
  if (mapEl) {
    Promise.all([
      fetch(mapEl.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }),
      fetch(mapEl.dataset.geo, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    ]).then(function (loaded) {
      var spread = loaded[0], geo = loaded[1];
      echarts.registerMap("thailand", geo);
      var byCode = {};
      spread.provinces.forEach(function (p) { byCode[p.code] = p; });
      var data = geo.features.map(function (f) {
        var p = byCode[f.properties.name];
        return { name: f.properties.name, value: p ? p.count : 0, label: p ? p.name : f.properties.source_name };
      });
      var max = Math.max.apply(null, data.map(function (d) { return d.value; }).concat([1]));
      var chart = echarts.init(mapEl);
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return (p.data ? p.data.label : p.name) + ": " + (p.value || 0); } },
        visualMap: { min: 0, max: max, left: 8, bottom: 8, calculable: false, inRange: { color: ["#eef3fa", "#9bb8dd", "#1f4e8c", "#14325c"] } },
        series: [{ type: "map", map: "thailand", roam: false, data: data, selectedMode: false,
                   emphasis: { label: { show: false }, itemStyle: { areaColor: "#d4a017" } },
                   itemStyle: { borderColor: "#8a99ab", borderWidth: 0.5 } }]
      });
      chart.on("click", function (p) { if (p.name) window.location.href = "/entrepreneurs/?province=" + encodeURIComponent(p.name); });
      window.addEventListener("resize", function () { chart.resize(); });
      mapEl.dataset.rendered = "true";
    });
  }
})();
