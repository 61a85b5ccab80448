// The leaders' dashboard (领导驾驶舱): every chart is drawn from the data the page carries
// (json_script "dashboard-data"); nothing is fetched.  Charts follow their box when the window
// or the layout changes (a laptop at 1366 px, a phone at 390 px).
(function () {
  var source = document.getElementById("dashboard-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var COLOURS = {
    green: "#1a7f37", amber: "#d08a1e", red: "#c62828", unassessed: "#9aa4ad", none: "#9aa4ad",
    done: "#1a7f37", on_track: "#8cc99a", due: "#9fb7d6", on_time: "#2f6db5",
  };
  // Tooltips are HTML: text from the plan or the registry (task titles, department names) is escaped.
  var esc = echarts.format.encodeHTML;
  var charts = [];

  function chart(id, rows) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    if (rows) {  // one band per category, so long lists stay readable
      el.style.height = Math.max(240, rows * 30 + 70) + "px";
    }
    var instance = echarts.init(el, null, { renderer: "svg" });
    charts.push(instance);
    return instance;
  }

  function draw(id, option, rows) {
    var instance = chart(id, rows);
    if (!instance) { return; }
    instance.setOption(option);
    instance.getDom().dataset.rendered = "1";
  }

  // 红黄绿灯: a ring of the item counts per colour.
  draw("rag-chart", {
    baseOption: {
      animation: false,
      tooltip: { trigger: "item", formatter: "{b}：{c} 项（{d}%）" },
      legend: { bottom: 0 },
      series: [{
        name: "红黄绿灯", type: "pie", radius: ["45%", "70%"], center: ["50%", "45%"],
        label: { formatter: "{b} {c}" },
        data: data.rag.map(function (r) {
          return { name: r.name, value: r.value, itemStyle: { color: COLOURS[r.key] } };
        }),
      }],
    },
    // On a phone the labels beside the ring do not fit: the counts go inside it.
    media: [{ query: { maxWidth: 420 }, option: { series: [{ label: { position: "inside", formatter: "{c}" } }] } }],
  });

  // 各主要任务推进情况: per task, its items stacked by state.
  draw("tasks-chart", {
    animation: false,
    tooltip: {
      trigger: "axis", axisPointer: { type: "shadow" },
      formatter: function (params) {
        var lines = [esc(data.tasks.titles[params[0].dataIndex])];
        params.forEach(function (p) { if (p.value) { lines.push(p.marker + p.seriesName + " " + p.value + " 项"); } });
        return lines.join("<br>");
      },
    },
    legend: { top: 0 },
    grid: { left: 8, right: 28, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1, name: "项" },
    yAxis: { type: "category", inverse: true, data: data.tasks.labels },
    series: data.tasks.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "items", data: s.data, itemStyle: { color: COLOURS[s.key] },
               barMaxWidth: 22 };
    }),
  }, data.tasks.labels.length);

  // 量化指标: each service type's actual as a share of its promise, the promise a line at 100%.
  draw("targets-chart", {
    baseOption: {
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var t = data.targets[p.dataIndex];
          var actual = t.actual === null ? "暂无办结" : t.actual + " " + t.unit;
          return esc(t.target) + "<br>" + esc(t.label) + "：实际 " + actual + "，承诺 ≤ " + t.promise + " " +
            t.unit + "<br>" + t.status;
        },
      },
      grid: { left: 8, right: 48, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "%", axisLabel: { formatter: "{value}%" } },
      // inverse: the plan's order from the top, so the promise's label sits at the line's start
      yAxis: { type: "category", inverse: true, data: data.targets.map(function (t) { return t.label; }) },
      series: [{
        name: "实际/承诺", type: "bar", barMaxWidth: 18,
        data: data.targets.map(function (t) { return { value: t.share, itemStyle: { color: COLOURS[t.colour] } }; }),
        label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "" : p.value + "%"; } },
        markLine: {
          symbol: "none", silent: true, lineStyle: { color: "#1f2328", type: "dashed" },
          label: { formatter: "承诺", position: "start" }, data: [{ xAxis: 100 }],
        },
      }],
    },
    // On a phone fewer ticks, so the percentages under the bars do not run together.
    media: [{ query: { maxWidth: 480 }, option: { xAxis: { splitNumber: 3 } } }],
  }, data.targets.length);

  // 部门报送及时率排名: best first, each department's share of owed reports filed on time.
  draw("ranking-chart", {
    animation: false,
    tooltip: {
      trigger: "axis", axisPointer: { type: "shadow" },
      formatter: function (params) {
        var i = params[0].dataIndex, r = data.ranking;
        return esc(r.names[i]) + "<br>按时率 " + r.rates[i] + "%<br>应报 " + r.due[i] + "，按时 " + r.on_time[i] +
          "，逾期 " + r.late[i] + "，未报 " + r.missing[i];
      },
    },
    grid: { left: 8, right: 48, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "value", max: 100, name: "%", axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: data.ranking.departments },
    series: [{
      name: "按时报送率", type: "bar", barMaxWidth: 18, data: data.ranking.rates,
      itemStyle: { color: COLOURS.on_time },
      label: { show: true, position: "right", formatter: "{c}%" },
    }],
  }, data.ranking.departments.length);

  // 按时报送趋势: per cycle, reports owed and filed on time, and the on-time rate.
  draw("trend-chart", {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.trend.cycles,
             axisLabel: { formatter: function (v) { return v.replace(/^\d+年/, ""); } } },
    yAxis: [{ type: "value", name: "份", minInterval: 1 }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "应报", type: "bar", data: data.trend.due, itemStyle: { color: COLOURS.due } },
      { name: "按时报送", type: "bar", data: data.trend.on_time, itemStyle: { color: COLOURS.on_time } },
      { name: "按时率", type: "line", yAxisIndex: 1, data: data.trend.rates, itemStyle: { color: COLOURS.amber } },
    ],
  });

  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resizeAll);
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(resizeAll);
    charts.forEach(function (c) { observer.observe(c.getDom()); });
  }

  // Choosing another plan shows it at once (the 查看 button does the same without script).
  var select = document.getElementById("dash-plan-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
})();
