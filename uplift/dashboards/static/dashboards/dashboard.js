(function () {
  "use strict";
  var FONT = '"Sarabun", "Noto Sans Thai", "TH Sarabun New", "Loma", sans-serif';
  var node = document.getElementById("dashboard-data");
  if (!node || !window.echarts) return;
  var data = JSON.parse(node.textContent);
  var mapEl = document.getElementById("province-map");
  var thai = ((mapEl && mapEl.dataset.lang) || document.documentElement.lang || "th").indexOf("th") === 0;

  function money(v) {
    var text = Math.round(v || 0).toLocaleString("en-US");
    return thai ? text + " บาท" : "฿" + text;
  }
  function axisMoney(v) {
    if (Math.abs(v) >= 1e6) return (v / 1e6).toLocaleString("en-US", { maximumFractionDigits: 1 }) + (thai ? " ล้าน" : "M");
    if (Math.abs(v) >= 1e3) return (v / 1e3).toLocaleString("en-US", { maximumFractionDigits: 0 }) + (thai ? " พัน" : "k");
    return String(v);
  }
  function drill(params) {
    var q = new URLSearchParams(params);
    q.set("round", data.round.id);
    window.location.href = "/dashboards/entrepreneurs/?" + q.toString();
  }
  function bars(id, rows, label, onClick) {
    var el = document.getElementById(id);
    if (!el || !rows.length) { if (el) el.style.display = "none"; return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: money },
      xAxis: { type: "value", axisLabel: { formatter: axisMoney, fontFamily: FONT } },
      yAxis: { type: "category", inverse: true, data: rows.map(label),
               axisLabel: { fontFamily: FONT, width: 170, overflow: "truncate" } },
      series: [{ type: "bar", data: rows.map(function (r) { return r.value; }), itemStyle: { color: "#1f4e8c" }, barMaxWidth: 22 }]
    });
    chart.on("click", function (p) { onClick(rows[p.dataIndex]); });
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.rendered = "true";
  }
  bars("chart-activity", data.by_activity, function (r) { return r.number + ". " + (thai ? r.name_th : r.name_en); },
       function (r) { drill({ activity: r.number }); });
  bars("chart-centre", data.by_centre, function (r) { return thai ? r.name_th : r.name_en; },
       function (r) { drill({ centre: r.number }); });

  if (mapEl) {
    fetch(mapEl.dataset.geo, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (geo) {
        var names = {};
        geo.features.forEach(function (f) { names[f.properties.name] = f.properties.source_name; });
        window.echarts.registerMap("thailand", geo);
        var byCode = {};
        data.by_province.forEach(function (p) { byCode[p.code] = p; });
        var values = Object.keys(names).map(function (code) {
          var p = byCode[code];
          return { name: code, value: p ? p.value : 0, label_name: p ? (thai ? p.name_th : p.name_en) : names[code].replace(/ Province$/, "") };
        });
        var max = Math.max.apply(null, values.map(function (v) { return v.value; }).concat([1]));
        var chart = window.echarts.init(mapEl, null, { renderer: "canvas" });
        chart.setOption({
          textStyle: { fontFamily: FONT },
          tooltip: { trigger: "item", formatter: function (p) { return (p.data ? p.data.label_name : p.name) + "<br>" + money(p.value); } },
          visualMap: { min: 0, max: max, left: 8, bottom: 8, text: [axisMoney(max), "0"], calculable: false,
                       inRange: { color: ["#eef3fa", "#9bb8dd", "#1f4e8c", "#14325c"] }, textStyle: { fontFamily: FONT } },
          series: [{ type: "map", map: "thailand", roam: false, data: values, selectedMode: false,
                     emphasis: { label: { show: false }, itemStyle: { areaColor: "#d4a017" } },
                     itemStyle: { borderColor: "#8a99ab", borderWidth: 0.5 } }]
        });
        chart.on("click", function (p) { if (p.name) window.location.href = "/entrepreneurs/?province=" + encodeURIComponent(p.name); });
        window.addEventListener("resize", function () { chart.resize(); });
        window.provinceMap = chart;
        mapEl.dataset.rendered = "true";
      })
      .catch(function () { mapEl.classList.add("chart-failed"); });
  }
})();
