// The client's page: the server renders everything (no chart library); this script only listens on
// the live stream for its application and, when the status changes, puts the new result in place:
// the headline and status text at once from the event, then the rest of the result as the server
// renders it (the same template as the page). The status element stays, so screen readers announce
// the change (aria-live).
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || !window.EventSource) { return; }
  var appId = main.dataset.applicationId;
  var credential = main.dataset.credential;
  var lang = main.dataset.lang || 'en';
  var resultUrl = main.dataset.resultUrl;
  // A decided page is final. A pending one listens; so does a refused one, since the corrected
  // application may be sent again under the same id and decided.
  if (main.dataset.status !== 'PENDING' && main.dataset.status !== 'REFUSED') {
    main.dataset.ready = 'yes';
    return;
  }

  function text(id, value) {
    var el = document.getElementById(id);
    if (el && value != null) { el.textContent = value; }
  }

  function showHeadline(view) {
    var status = document.getElementById('status');
    status.className = 'status outcome-' +
        (view.status === 'DECIDED' ? view.outcome : (view.status === 'PENDING' ? 'PENDING' : 'UNPROCESSED'));
    text('headline', view.headline);
    text('status-text', view.statusText);
  }

  function showResult() {
    return fetch(resultUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('status');
        var status = document.getElementById('status');
        if (fresh) {
          status.className = fresh.className;
          status.dataset.status = fresh.dataset.status;
          text('headline', doc.getElementById('headline').textContent);
          text('status-text', doc.getElementById('status-text').textContent);
        }
        var details = doc.getElementById('details');
        // Rendered by the server from the same template, escaped there.
        if (details) { document.getElementById('details').innerHTML = details.innerHTML; }
        main.dataset.status = status.dataset.status || '';
        main.dataset.shown = String(Date.now());
      })
      .catch(function () {
        // The headline is already right; a reload shows the rest.
        main.dataset.shown = 'headline-only';
      });
  }

  var url = '/client/api/applications/' + encodeURIComponent(appId) + '/events?credential=' +
      encodeURIComponent(credential) + '&lang=' + encodeURIComponent(lang);
  var source = new EventSource(url);
  source.addEventListener('open', function () { main.dataset.ready = 'yes'; });
  source.addEventListener('status', function (e) {
    var view = JSON.parse(e.data);
    // A page rendered refused is told "pending" by no one: only a decision changes it.
    if (main.dataset.status === 'REFUSED' && view.status === 'PENDING') { return; }
    showHeadline(view);
    if (view.status !== 'PENDING') { source.close(); showResult(); }
  });
  // A refusal is shown, and the page goes on listening for a decision of the corrected
  // application under the same id; a page already showing it does not fetch it again.
  source.addEventListener('refused', function (e) {
    if (main.dataset.status === 'REFUSED') { return; }
    showHeadline(JSON.parse(e.data));
    main.dataset.status = 'REFUSED';
    showResult();
  });
  // A decision, or any other final status, ends the stream: stop listening so the browser does
  // not reconnect, and show it.
  ['decision', 'final'].forEach(function (name) {
    source.addEventListener(name, function (e) {
      source.close();
      showHeadline(JSON.parse(e.data));
      showResult();
    });
  });
})();
