// Auditors' distributions: outcomes per day and score histograms, one pair of charts per model version.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var box = document.getElementById('distributions');
  var COLORS = { APPROVED: '#1b6e34', DECLINED: '#a8231b', REVIEW: '#b07a00' };

  fetch(main.dataset.source, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var versions = Object.keys(data.scoreHistograms || {});
      if (versions.length === 0) { box.textContent = 'No decision yet.'; return; }
      versions.forEach(function (v) {
        var h = document.createElement('h2');
        h.textContent = 'Model ' + v;
        box.appendChild(h);
        var byDay = data.outcomesByDay[v] || {};
        var days = Object.keys(byDay).sort();
        var means = (data.meanScoreByDay || {})[v] || {};
        var series = ['APPROVED', 'DECLINED', 'REVIEW'].map(function (o) {
          return { name: o, type: 'bar', stack: 'o', itemStyle: { color: COLORS[o] },
                   data: days.map(function (d) { return byDay[d][o] || 0; }) };
        });
        series.push({ name: 'mean probability of default', type: 'line', yAxisIndex: 1,
                      itemStyle: { color: '#1a1a1a' },
                      data: days.map(function (d) { return Math.round((means[d] || 0) * 1000) / 10; }) });
        box.appendChild(draw('Outcomes and mean score per day, model ' + v, {
          aria: { enabled: true }, legend: {}, tooltip: { trigger: 'axis' },
          grid: { containLabel: true, left: 8, right: 8 },
          xAxis: { type: 'category', data: days },
          yAxis: [{ type: 'value', minInterval: 1, name: 'decisions' },
                  { type: 'value', name: 'mean score', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
          series: series
        }));
        var bins = data.scoreHistograms[v].map(function (_, i) { return (i * 5) + '–' + (i * 5 + 5) + '%'; });
        box.appendChild(draw('Score distribution, model ' + v, {
          aria: { enabled: true }, tooltip: { trigger: 'axis' },
          grid: { containLabel: true, left: 8, right: 8 },
          xAxis: { type: 'category', data: bins, name: 'probability of default' },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', name: 'decisions', itemStyle: { color: '#0b4f9c' }, data: data.scoreHistograms[v] }]
        }));
      });
    })
    .catch(function (e) { box.textContent = 'Could not load the distributions: ' + e; });

  function draw(label, option) {
    var wrap = document.createElement('figure');
    var caption = document.createElement('figcaption');
    caption.textContent = label;
    var el = document.createElement('div');
    wrap.appendChild(caption);
    wrap.appendChild(el);
    el.className = 'chart';
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', label);
    option.series.forEach(function (s) { s.barMaxWidth = 48; });
    window.setTimeout(function () { window.echarts.init(el).setOption(option); }, 0);
    return wrap;
  }
})();
