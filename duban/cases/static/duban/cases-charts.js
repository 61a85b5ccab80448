// Charts of the measures page: elapsed days against the limit line, and the monthly trend.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var el = document.getElementById("elapsed-chart");
  var days = data.histogram.map(function (_, i) { return String(i); });
  var series = { name: "办件数", type: "bar", data: data.histogram, itemStyle: { color: "#4a77b4" } };
  if (data.limit !== null) {
    series.markLine = { symbol: "none", lineStyle: { color: "#c0392b", type: "dashed" },
      label: { formatter: "承诺时限 " + data.limit + " 个" + data.unit },
      data: [{ xAxis: String(Math.floor(data.limit)) }] };
  }
  var elapsed = echarts.init(el, null, { renderer: "svg" });
  elapsed.setOption({
    animation: false, tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: days, name: data.unit },
    yAxis: { type: "value", name: "办件数", minInterval: 1 },
    series: [series],
  });
  var trend = echarts.init(document.getElementById("trend-chart"), null, { renderer: "svg" });
  trend.setOption({
    animation: false, tooltip: { trigger: "axis" }, legend: { data: ["中位用时", "按时办结率"] },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", name: data.unit }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "中位用时", type: "line", data: data.median },
      { name: "按时办结率", type: "line", yAxisIndex: 1, data: data.within },
    ],
  });
  el.dataset.rendered = "1";
  window.addEventListener("resize", function () { elapsed.resize(); trend.resize(); });
})();
