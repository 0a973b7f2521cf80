// The dashboard's own script: draws the charts from the data the server wrote into each canvas
// (data-chart), and sends the session's CSRF token with every htmx request. The pages work without
// it: every chart has its table, every link and form is plain HTML.
(function () {
  'use strict';

  var palette = ['#1f5fa8', '#c2410c', '#0f766e', '#7c3aed', '#b91c1c', '#4d7c0f', '#a16207',
    '#0e7490', '#be185d', '#374151', '#1d4ed8', '#9a3412'];

  function draw(root) {
    if (typeof window.Chart === 'undefined') {
      return;
    }
    var canvases = (root || document).querySelectorAll('canvas[data-chart]');
    Array.prototype.forEach.call(canvases, function (canvas) {
      if (canvas.dataset.drawn === 'true') {
        return;
      }
      var spec;
      try {
        spec = JSON.parse(canvas.dataset.chart);
      } catch (e) {
        return;
      }
      var percent = spec.datasets.every(function (d) {
        return d.data.every(function (v) { return v === null || (v >= 0 && v <= 100); });
      });
      var datasets = spec.datasets.map(function (d, i) {
        var colour = palette[i % palette.length];
        return {
          label: d.label,
          data: d.data,
          borderColor: colour,
          backgroundColor: spec.type === 'line' ? colour : colour + 'cc',
          borderWidth: 2,
          spanGaps: true,
          pointRadius: 3
        };
      });
      canvas.dataset.drawn = 'true';
      // eslint-disable-next-line no-new
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true } },
          plugins: { legend: { position: 'bottom' } }
        }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    draw(document);
  });
  document.addEventListener('htmx:afterSwap', function (event) {
    draw(event.target);
  });
  // A refused form (a problem page) is shown where the form says (data-errors), not dropped.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var status = event.detail.xhr.status;
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest('[data-errors]') : null;
    if (status >= 400 && form) {
      var target = document.getElementById(form.getAttribute('data-errors'));
      if (target) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
        event.detail.target = target;
        event.detail.selectOverride = 'main';
        event.detail.swapOverride = 'innerHTML';
      }
    }
  });
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) {
      event.detail.headers['X-CSRF-Token'] = token.getAttribute('content');
    }
  });
})();
