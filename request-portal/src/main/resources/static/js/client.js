// The client's page: listens on the SSE stream for its application and renders the status, then
// the decision with its charts. Everything the page shows comes already translated from the server.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var appId = main.dataset.applicationId;
  var credential = main.dataset.credential;
  var lang = main.dataset.lang || 'en';
  var charts = [];
  var COLORS = { raises: '#a8231b', lowers: '#1b6e34', review: '#b07a00', neutral: '#0b4f9c', muted: '#9aa5b4' };

  function text(id, value) { document.getElementById(id).textContent = value == null ? '' : value; }
  function pct(p) { return (Math.round(p * 1000) / 10).toLocaleString(lang) + ' %'; }

  function chart(el) {
    if (!window.echarts) { return null; }
    var c = window.echarts.init(el, null, { renderer: 'canvas' });
    charts.push(c);
    return c;
  }

  function render(view) {
    var status = document.getElementById('status');
    status.className = 'status outcome-' + (view.outcome || 'PENDING');
    text('headline', view.headline);
    text('status-text', view.statusText);
    var notice = document.getElementById('notice');
    notice.hidden = !view.notice;
    text('notice', view.notice || '');
    if (view.status !== 'DECIDED') { return; }
    renderScore(view);
    renderReasons(view);
    renderPopulation(view);
  }

  function renderScore(view) {
    document.getElementById('score-section').hidden = false;
    var L = view.labels;
    var sentence = L.score + ': ' + pct(view.probability) + ' — ' + L.threshold + ': ' + pct(view.threshold);
    text('score-text', sentence);
    var el = document.getElementById('gauge');
    el.setAttribute('aria-label', sentence);
    var stops = [];
    if (view.reviewLower != null) {
      stops.push([view.reviewLower, COLORS.lowers], [view.reviewUpper, COLORS.review], [1, COLORS.raises]);
    } else {
      stops.push([view.threshold, COLORS.lowers], [1, COLORS.raises]);
    }
    var c = chart(el);
    if (!c) { return; }
    c.setOption({
      aria: { enabled: true },
      series: [{
        type: 'gauge', min: 0, max: 100, startAngle: 180, endAngle: 0, splitNumber: 4,
        radius: '115%', center: ['50%', '75%'],
        axisLine: { lineStyle: { width: 24, color: stops } },
        pointer: { width: 6, length: '60%', itemStyle: { color: '#1a1a1a' } },
        axisTick: { show: false }, splitLine: { length: 12, distance: -24, lineStyle: { color: '#fff', width: 2 } },
        axisLabel: { distance: 34, color: '#1a1a1a', fontSize: 12, formatter: '{value}%' },
        title: { offsetCenter: [0, '16%'], fontSize: 13, color: '#1a1a1a' },
        detail: { valueAnimation: true, offsetCenter: [0, '-32%'], fontSize: 24, color: '#1a1a1a',
                  formatter: function (v) { return v.toFixed(1) + ' %'; } },
        data: [{ value: view.probability * 100, name: L.score + ' (' + L.threshold + ' ' + pct(view.threshold) + ')' }]
      }]
    });
  }

  function renderReasons(view) {
    document.getElementById('reasons-section').hidden = view.reasons.length === 0;
    var list = document.getElementById('reasons');
    list.textContent = '';
    view.reasons.forEach(function (r) {
      var li = document.createElement('li');
      li.className = r.raisesRisk ? 'raises' : 'lowers';
      li.textContent = r.text;
      list.appendChild(li);
    });
    var el = document.getElementById('reasons-chart');
    el.setAttribute('aria-label', view.labels.contribution);
    var c = chart(el);
    if (!c || view.reasons.length === 0) { return; }
    var rows = view.reasons.slice().reverse();
    c.setOption({
      aria: { enabled: true },
      grid: { left: 8, right: 24, top: 10, bottom: 30, containLabel: true },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', name: view.labels.contribution, nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', data: rows.map(function (r) { return r.label; }),
               axisLabel: { width: 140, overflow: 'truncate' } },
      series: [{
        type: 'bar',
        data: rows.map(function (r) {
          return { value: Math.round(r.contribution * 1000) / 1000,
                   itemStyle: { color: r.raisesRisk ? COLORS.raises : COLORS.lowers } };
        })
      }]
    });
  }

  function renderPopulation(view) {
    var box = document.getElementById('population');
    document.getElementById('population-section').hidden = view.population.length === 0;
    box.textContent = '';
    var template = main.dataset.percentile || '{0} {1}';
    view.population.forEach(function (p, i) {
      var item = document.createElement('div');
      item.className = 'population-item';
      var h = document.createElement('h3');
      h.textContent = p.label;
      var s = document.createElement('p');
      s.textContent = template.replace('{0}', p.clientValue).replace('{1}', p.percentile);
      var el = document.createElement('div');
      el.className = 'chart';
      el.id = 'population-chart-' + i;
      el.setAttribute('role', 'img');
      el.setAttribute('aria-label', p.label + ': ' + s.textContent);
      item.appendChild(h); item.appendChild(s); item.appendChild(el);
      box.appendChild(item);
      var c = chart(el);
      if (!c) { return; }
      var L = view.labels;
      c.setOption({
        aria: { enabled: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: p.bins, axisLabel: { rotate: 30, fontSize: 10 } },
        yAxis: [{ type: 'value', name: L.clients, minInterval: 1, nameTextStyle: { align: 'left' } },
                { type: 'value', name: L.defaultRate, nameTextStyle: { align: 'right' },
                  axisLabel: { formatter: '{value}%' } }],
        series: [
          { name: L.clients, type: 'bar',
            data: p.clients.map(function (n, b) {
              return { value: n, itemStyle: { color: b === p.clientBin ? COLORS.neutral : COLORS.muted } };
            }),
            markPoint: { symbol: 'pin', symbolSize: 44, itemStyle: { color: COLORS.neutral },
                         label: { formatter: L.yourValue.substring(0, 1) },
                         data: [{ name: L.yourValue, coord: [p.clientBin, p.clients[p.clientBin]], value: L.yourValue }] } },
          { name: L.defaultRate, type: 'line', yAxisIndex: 1, symbol: 'circle',
            itemStyle: { color: COLORS.raises },
            data: p.defaultRates.map(function (r) { return Math.round(r * 1000) / 10; }) }
        ]
      });
    });
  }

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  var url = '/client/api/applications/' + encodeURIComponent(appId) + '/events?credential=' +
      encodeURIComponent(credential) + '&lang=' + encodeURIComponent(lang);
  var source = new EventSource(url);
  source.addEventListener('status', function (e) { render(JSON.parse(e.data)); });
  source.addEventListener('decision', function (e) {
    // A decision is final: stop listening so the browser does not reconnect.
    source.close();
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    render(JSON.parse(e.data));
  });
})();
