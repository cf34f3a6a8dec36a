/* geoincidents map, part 3: the controls — a compact legend that folds to a button, the
 * dates box with a slider that plays the incidents by day, and the measuring tool.
 * Dates are shown and typed as ISO calendar dates (2020-12-20). Text goes in through
 * textContent.
 */
(function () {
  'use strict';
  var P = window.GeoIncidentsParts = window.GeoIncidentsParts || {};
  var el = P.el, own = P.own;

  // a box with a title bar that folds it to a button; `folded` decides how it starts
  function foldable(L, cls, title, folded) {
    var box = el('div', cls + ' gi-box leaflet-bar');
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    var head = el('button', 'gi-box-head');
    head.type = 'button';
    head.appendChild(el('span', 'gi-box-title', title));  // the fold mark is CSS (::after)
    var body = el('div', 'gi-box-body');
    box.appendChild(head); box.appendChild(body);
    function set(f) {
      folded = f;
      L.DomUtil[f ? 'addClass' : 'removeClass'](box, 'gi-folded');
      head.setAttribute('aria-expanded', String(!f));
      head.title = f ? 'Show' : 'Fold';
    }
    head.addEventListener('click', function () { set(!folded); if (box.onfold) box.onfold(folded); });
    set(folded);
    return { box: box, body: body, set: set, folded: function () { return folded; } };
  }

  function addLegend(map, ctx) {
    var L = window.L, data = ctx.data, styles = data.styles;
    var legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () {
      var f = foldable(L, 'gi-legend', data.title, ctx.small);
      var body = f.body;
      function grid(cls) { var g = el('div', cls); body.appendChild(g); return g; }
      function item(parent, sym, text) {
        var row = el('div', 'gi-legend-row');
        row.appendChild(sym); row.appendChild(el('span', null, text));
        parent.appendChild(row);
      }
      var g = grid('gi-legend-grid');
      data.typesPresent.forEach(function (t) {
        var st = own(styles.events, t) || styles.events.other;
        item(g, P.symbolSvg(st.shape, st.color), own(data.typeLabels, t));
      });
      g = grid('gi-legend-list');
      item(g, P.symbolSvg('circle', '#555', { fill: '#999', fillOpacity: 0.35, dash: '3 2' }), 'background (recalled)');
      item(g, P.symbolSvg('circle', '#555', { fill: '#fff', fillOpacity: 1, dash: '2 2', weight: 2 }), 'country level only');
      var sizes = el('span', 'gi-sizes');
      [0, 5, 25].forEach(function (c) { sizes.appendChild(P.symbolSvg('circle', '#777', { size: Math.round(Math.min(5 + 2.2 * Math.sqrt(c), 22)) + 4 })); });
      item(g, sizes, 'killed + injured');
      var colors = data.typesPresent.map(function (t) { return (own(styles.events, t) || styles.events.other).color; });
      var pie = P.pieSvg(colors.map(function () { return 1; }), colors, 18, '');
      item(g, pie, 'cluster: types, count');
      item(g, P.symbolSvg('circle', '#555', { fill: 'none', dash: '3 2' }), 'uncertainty ≤ 10 km');
      item(g, P.symbolSvg('circle', '#999', { fill: 'none', dash: '1 3', weight: 1 }), 'wider (faint)');
      var arrow = el('span', 'gi-arrow-sym'); arrow.style.borderTopColor = styles.arrow;
      item(g, arrow, 'launch → impact');
      Object.keys(styles.ranges).forEach(function (label) {
        var sym = el('span', 'gi-ring-sym'); sym.style.borderColor = styles.ranges[label];
        item(g, sym, label + ' range ring (' + P.fmtKm(data.ranges[label]) + ')');
      });
      data.zoneKinds.forEach(function (k) {
        var sw = el('span', 'gi-swatch'), c = ctx.zoneColor(k);
        sw.style.borderColor = c; sw.style.background = c;
        item(g, sw, 'zone: ' + k);
      });
      if (data.countries) {
        var sw = el('span', 'gi-swatch'); sw.style.borderColor = '#8d8d8d'; sw.style.background = '#f3efe6';
        item(g, sw, 'country (Natural Earth)');
      }
      if ((data.water && data.water.features.length) || data.rivers) {
        var river = el('span', 'gi-arrow-sym gi-river-sym');
        item(g, river, 'river, lake');
      }
      f.box.onfold = function () { ctx.onLayout(); };
      legend.fold = f.set;
      return f.box;
    };
    return legend.addTo(map);
  }

  function addTimeControl(map, ctx) {
    var L = window.L, state = ctx.state, minDay = ctx.minDay, maxDay = ctx.maxDay;
    var ctl = L.control({ position: 'topleft' }), timer = null;
    ctl.onAdd = function () {
      var f = foldable(L, 'gi-time', 'Dates', false), body = f.body;
      var from = el('input'), to = el('input'), reset = el('button', 'gi-date-all', 'All dates');
      reset.title = 'Show every date again';
      [from, to].forEach(function (i) { i.type = 'text'; i.placeholder = 'YYYY-MM-DD'; i.size = 10; i.spellcheck = false; });
      from.className = 'gi-date-from'; to.className = 'gi-date-to'; reset.type = 'button';
      var row = el('div', 'gi-time-row');
      row.appendChild(from); row.appendChild(el('span', null, ' – ')); row.appendChild(to);
      body.appendChild(row);
      var slider = el('input'), play = el('button', 'gi-play', '▶ Play'), win = el('select', 'gi-window');
      slider.type = 'range'; slider.className = 'gi-slider'; play.type = 'button';
      [['all', 'from the start'], ['1', '1 day'], ['7', '7 days'], ['30', '30 days']].forEach(function (o) {
        var opt = el('option', null, o[1]); opt.value = o[0]; win.appendChild(opt);
      });
      win.title = 'What playing shows: every incident up to the day, or the last days only';
      var row2 = el('div', 'gi-time-row');
      row2.appendChild(play); row2.appendChild(win); row2.appendChild(reset);
      body.appendChild(slider); body.appendChild(row2);
      var status = el('div', 'gi-time-status');
      body.appendChild(status);
      var none = minDay === null;
      [from, to, reset, slider, play, win].forEach(function (i) { i.disabled = none; });
      if (!none) {
        slider.min = minDay; slider.max = maxDay; slider.step = 1; slider.value = maxDay;
        from.value = P.isoDay(minDay); to.value = P.isoDay(maxDay);
      }
      function mark(input, ok) { L.DomUtil[ok ? 'removeClass' : 'addClass'](input, 'gi-bad'); }
      function apply() {
        var a = P.dayOf(from.value), b = P.dayOf(to.value);
        mark(from, !from.value || a !== null); mark(to, !to.value || b !== null);
        if ((from.value && a === null) || (to.value && b === null)) return;
        if (b !== null) slider.value = b;
        ctx.setRange(a, b);
      }
      function stop() {
        if (timer) clearInterval(timer);
        timer = null; play.textContent = '▶ Play';
      }
      function showDay(d) {
        var w = win.value, start = w === 'all' ? (P.dayOf(from.value) === null ? minDay : P.dayOf(from.value)) : d - Number(w) + 1;
        to.value = P.isoDay(d); slider.value = d;
        ctx.setRange(start, d);
      }
      function start() {
        var first = P.dayOf(from.value) === null ? minDay : P.dayOf(from.value), day = first;
        var ms = Math.max(40, Math.min(500, 20000 / Math.max(1, maxDay - first + 1)));
        play.textContent = '❚❚ Pause';
        showDay(day);
        timer = setInterval(function () {
          day += 1;
          if (day > maxDay) { stop(); return; }
          showDay(day);
        }, ms);
      }
      from.addEventListener('input', apply); to.addEventListener('input', apply);
      from.addEventListener('change', apply); to.addEventListener('change', apply);
      slider.addEventListener('input', function () { stop(); showDay(Number(slider.value)); });
      play.addEventListener('click', function () { if (timer) stop(); else start(); });
      reset.addEventListener('click', function () {
        stop();
        from.value = none ? '' : P.isoDay(minDay); to.value = none ? '' : P.isoDay(maxDay);
        apply();
      });
      ctx.onrender = function (c) {
        var undated = ctx.undated;
        status.textContent = P.fmtInt(c.shown) + ' of ' + P.fmtInt(ctx.n) + ' shown' +
          (undated ? ' (' + P.fmtInt(undated) + ' undated, always shown)' : '');
      };
      ctl.play = start; ctl.stop = stop; ctl.playing = function () { return timer !== null; };
      f.box.onfold = function () { ctx.onLayout(); };
      return f.box;
    };
    return ctl.addTo(map);
  }

  function addMeasure(map, api) {
    var L = window.L, measure = L.control({ position: 'topleft' });
    measure.onAdd = function () {
      var box = el('div', 'gi-measure leaflet-bar');
      L.DomEvent.disableClickPropagation(box);
      var btn = el('button', 'gi-measure-btn', 'Measure'), out = el('div', 'gi-measure-out');
      btn.type = 'button'; btn.title = 'Click points on the map; geodesic distance (WGS84). Click again to stop.';
      box.appendChild(btn); box.appendChild(out);
      var active = false, pts = [], line = L.polyline([], { color: '#000', weight: 2, dashArray: '2 4', interactive: false });
      function onClick(e) {
        pts.push(e.latlng); line.setLatLngs(pts);
        var total = 0;
        for (var k = 1; k < pts.length; k++) total += P.geodesicDistance(pts[k - 1].lng, pts[k - 1].lat, pts[k].lng, pts[k].lat);
        api.measured_m = total;
        out.textContent = pts.length < 2 ? 'click the next point' : P.fmtKm(total) + ' (' + (pts.length - 1) + ' leg' + (pts.length > 2 ? 's' : '') + ')';
      }
      btn.addEventListener('click', function () {
        active = !active;
        btn.textContent = active ? 'Stop measuring' : 'Measure';
        L.DomUtil[active ? 'addClass' : 'removeClass'](map.getContainer(), 'gi-measuring');
        if (active) {
          pts = []; line.setLatLngs(pts).addTo(map); out.textContent = 'click the first point';
          map.on('click', onClick);
        } else {
          map.off('click', onClick);
          if (pts.length < 2) { line.remove(); out.textContent = ''; }
        }
      });
      return box;
    };
    return measure.addTo(map);
  }

  P.addLegend = addLegend; P.addTimeControl = addTimeControl; P.addMeasure = addMeasure;
})();
