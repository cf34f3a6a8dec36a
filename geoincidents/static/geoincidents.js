/* geoincidents map, part 4: the map — basemaps, layers, the grid index and drawing.
 *
 * Incidents arrive as typed arrays. A grid index (incidents sorted by a 4096 x 4096 Web
 * Mercator grid) means a pan or zoom looks only at the incidents in view. When more than
 * `maxDetail` are in view they are grouped into clusters drawn as pies of their event
 * types; zoomed in, each incident is its own canvas symbol with a popup built on demand.
 * Uncertainty over 10 km is a faint outline, a country-level position is a hollow symbol
 * and its circle shows only when the incident is selected. Tiles are shown only after a
 * first tile has loaded, so with no network the bundled context stays, with no error.
 */
(function () {
  'use strict';
  var P = window.GeoIncidentsParts;
  var el = P.el, own = P.own, fmtKm = P.fmtKm, textColumn = P.textColumn;
  var RAD = Math.PI / 180, GRID = 4096;

  // incidents sorted by grid cell, and the cells present, for queries by box
  function GridIndex(mx, my, n) {
    var keys = new Float64Array(n), k, i;
    for (i = 0; i < n; i++) {
      var cx = Math.min(GRID - 1, Math.max(0, Math.floor(mx[i] * GRID)));
      var cy = Math.min(GRID - 1, Math.max(0, Math.floor(my[i] * GRID)));
      keys[i] = (cy * GRID + cx) * n + i;
    }
    keys.sort();
    var order = new Uint32Array(n), cells = [], starts = [], prev = -1;
    for (k = 0; k < n; k++) {
      var key = Math.floor(keys[k] / n);
      order[k] = keys[k] - key * n;
      if (key !== prev) { cells.push(key); starts.push(k); prev = key; }
    }
    starts.push(n);
    var cellKeys = new Float64Array(cells), cellStart = new Uint32Array(starts);
    function lowerBound(v) {
      var lo = 0, hi = cellKeys.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (cellKeys[mid] < v) lo = mid + 1; else hi = mid; }
      return lo;
    }
    // visit(i) for every incident whose cell meets the box (x, y in 0..1)
    this.query = function (x0, y0, x1, y1, visit) {
      var cx0 = Math.max(0, Math.floor(x0 * GRID)), cx1 = Math.min(GRID - 1, Math.floor(x1 * GRID));
      var cy0 = Math.max(0, Math.floor(y0 * GRID)), cy1 = Math.min(GRID - 1, Math.floor(y1 * GRID));
      if (cx1 < cx0 || cy1 < cy0) return;
      for (var cy = cy0; cy <= cy1; cy++) {
        var a = lowerBound(cy * GRID + cx0), b = lowerBound(cy * GRID + cx1 + 1);
        for (var c = a; c < b; c++) for (var j = cellStart[c]; j < cellStart[c + 1]; j++) visit(order[j]);
      }
    };
    this.cells = cellKeys.length;
  }

  // `api` is window.geoincidents: states (tiles, basemap) are set on it as they change
  function GeoIncidentsMap(map, data, node, api) {
    var L = window.L, self = this;
    var Symbol = P.installSymbolMarker(L);
    var n = data.n, scale = data.scale, NONE = data.none, inc = data.incidents;
    this.map = map; this.data = data; this.n = n; this.api = api;
    var mx = new Float64Array(n), my = new Float64Array(n), i, k;
    var day = inc.day, type = inc.type, bg = inc.bg, cas = inc.cas, unc = inc.unc, level = inc.level;
    for (i = 0; i < n; i++) {
      var lat = Math.max(-85.0511, Math.min(85.0511, inc.lat[i] / scale));
      mx[i] = 0.5 + inc.lon[i] / scale / 360;
      my[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + lat * RAD / 2)) / (2 * Math.PI);
    }
    var index = new GridIndex(mx, my, n);
    var launchOf = {};
    if (data.launch) for (k = 0; k < data.launch.i.length; k++) launchOf[data.launch.i[k]] = k;
    var styles = data.styles;
    var typeStyle = data.types.map(function (t) { return own(styles.events, t) || styles.events.other; });
    var typeColors = typeStyle.map(function (s) { return s.color; });
    function zoneColor(kind) { return own(styles.zones, kind) || styles.zones.zone; }

    var minDay = null, maxDay = null, undated = 0;
    for (i = 0; i < n; i++) {
      var d = day[i];
      if (d === NONE) { undated++; continue; }
      if (minDay === null || d < minDay) minDay = d;
      if (maxDay === null || d > maxDay) maxDay = d;
    }
    var state = { from: null, to: null };
    var size = map.getSize(), small = size.x < 1000 || size.y < 620;

    // ---- layers ---------------------------------------------------------------------
    var groups = { reported: L.layerGroup(), background: L.layerGroup(), buffers: L.layerGroup(),
      arrows: L.layerGroup(), selected: L.layerGroup() };
    this.groups = groups;
    var countries = L.layerGroup(), countryBounds = [];
    if (data.countries) {
      L.geoJSON(data.countries, {
        interactive: false,
        style: function () { return { color: '#8d8d8d', weight: 1, fillColor: '#f3efe6', fillOpacity: 1 }; },
        onEachFeature: function (f, layer) { countryBounds.push([f.properties, layer.getBounds()]); }
      }).addTo(countries);
    }
    // Natural Earth 1:50m water, quantised to ~3 km: its lakes are shown up to zoom 9 and
    // its rivers up to zoom 7, where that is a few pixels at most; from zoom 8 the World
    // Data Bank II rivers (~200 m) take over, so the Tigris bends through Baghdad
    var RIVER_STYLE = { color: '#7fa9c4', weight: 1.4, opacity: 0.9 };
    var lakes = L.layerGroup(), rivers50 = L.layerGroup(), riversFine = L.layerGroup();
    if (data.water) {
      L.geoJSON(data.water, {
        interactive: false,
        style: function (f) {
          return f.properties.kind === 'lake'
            ? { color: '#7fa9c4', weight: 0.8, fillColor: '#cfe3ef', fillOpacity: 1 }
            : RIVER_STYLE;
        },
        onEachFeature: function (f, layer) {
          (f.properties.kind === 'lake' ? lakes : rivers50).addLayer(layer);
        }
      });
    }
    if (data.rivers) {
      var rv = data.rivers, at = 0, rs = rv.scale;
      for (k = 0; k < rv.n.length; k++) {
        var x = 0, y = 0, line = new Array(rv.n[k]);
        for (i = 0; i < rv.n[k]; i++, at += 2) {
          x = i ? x + rv.xy[at] : rv.xy[at]; y = i ? y + rv.xy[at + 1] : rv.xy[at + 1];
          line[i] = [y / rs, x / rs];
        }
        riversFine.addLayer(L.polyline(line, L.extend({ interactive: false }, RIVER_STYLE)));
      }
    }
    var waterShown = [[lakes, 0, 9], [rivers50, 0, 7], [riversFine, 8, 99]];
    this.water = { lakes: lakes, rivers50: rivers50, rivers: riversFine };
    var showWater = function () {
      var z = map.getZoom();
      waterShown.forEach(function (w) {
        var on = z >= w[1] && z <= w[2] && w[0].getLayers().length > 0;
        if (on && !countries.hasLayer(w[0])) countries.addLayer(w[0]);
        else if (!on && countries.hasLayer(w[0])) countries.removeLayer(w[0]);
      });
    };
    if (data.water || data.rivers) {
      map.on('zoomend', showWater);
      setTimeout(showWater, 0);
    }
    var zones = L.geoJSON(data.zones, {
      style: function (f) {
        var c = zoneColor(f.properties.kind);
        return { color: c, weight: 2, fillColor: c, fillOpacity: 0.15 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties, tip = el('div');
        tip.appendChild(el('b', null, p.name));
        tip.appendChild(el('div', null, p.kind + (p.accuracy_m ? ' · edge ±' + Math.round(p.accuracy_m) + ' m' : '')));
        layer.bindTooltip(tip, { sticky: true });
      }
    });
    var rings = L.layerGroup();
    (data.rings || []).forEach(function (r) {
      var style = own(styles.ranges, r.label) || '#444';
      L.polygon(r.ring.map(function (p) { return [p[1], p[0]]; }), {
        color: style, weight: 1.5, dashArray: '8 4', fill: false
      }).bindTooltip(el('span', null, r.label + ': ' + fmtKm(r.radius_m) + ' from ' + (r.site || 'launch site')), { sticky: true })
        .addTo(rings);
    });

    // labels: zones and incident places first, then populated places, then countries
    var candidates = [];
    (data.zones.features || []).forEach(function (f) {
      var p = f.properties, hits = p.incidents || 0;
      candidates.push({ lat: p.label[1], lon: p.label[0], text: p.name, cls: 'gi-zone-label', anchor: 'center',
        priority: 3000 + Math.min(hits, 999), minZoom: hits ? 7 : 10 });
    });
    (data.places || []).forEach(function (p, rank) {
      candidates.push({ lat: p[1], lon: p[0], text: p[2], cls: 'gi-place-label', anchor: 'right',
        priority: 2000 + Math.min(p[3], 999), minZoom: rank < 12 ? 4 : 7 });
    });
    (data.context || []).forEach(function (p) {
      var pop = p[3], z = pop >= 5e6 ? 3 : pop >= 1e6 ? 5 : pop >= 3e5 ? 6 : pop >= 1e5 ? 7 : pop >= 3e4 ? 9 : pop >= 2e4 ? 10 : 11;
      candidates.push({ lat: p[1], lon: p[0], text: p[2], cls: 'gi-town-label', anchor: 'right',
        priority: 1000 + Math.min(999, Math.log(pop + 1) * 50), minZoom: z });
    });
    countryBounds.forEach(function (cb) {
      var p = cb[0], b = cb[1], area = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
      candidates.push({ lat: p.label_lat, lon: p.label_lon, text: p.name, cls: 'gi-country-label', anchor: 'center',
        priority: 100 + Math.min(800, area), minZoom: 0, maxZoom: 7 });
    });
    var labels = new P.LabelLayer(map, candidates);

    var tiles = null;
    if (data.tiles) {
      tiles = L.tileLayer(data.tiles.url, { attribution: P.safeAttribution(data.tiles.attribution || ''),
        maxZoom: data.tiles.max_zoom || 19, subdomains: data.tiles.subdomains || 'abc' });
    }
    var basemapLayer = L.layerGroup();
    countries.addTo(map);
    zones.addTo(map);
    rings.addTo(map);
    groups.buffers.addTo(map);
    groups.arrows.addTo(map);
    groups.background.addTo(map);
    groups.reported.addTo(map);
    groups.selected.addTo(map);
    labels.layer.addTo(map);
    var N = data.layerNames, overlays = {}, bases = {};
    if (data.basemap) overlays[N.basemap] = basemapLayer;
    if (data.countries) overlays[N.countries] = countries;
    overlays[N.labels] = labels.layer;
    overlays[N.zones] = zones;
    overlays[N.reported] = groups.reported;
    overlays[N.background] = groups.background;
    overlays[N.buffers] = groups.buffers;
    overlays[N.arrows] = groups.arrows;
    overlays[N.rings] = rings;
    var noTiles = L.layerGroup();
    if (tiles) { bases[data.tiles.name] = tiles; bases[N.noTiles] = noTiles; noTiles.addTo(map); }
    this.layers = overlays;
    // Leaflet puts layer names in as HTML: hand it each name as escaped text
    function asHtmlNames(layers) {
      var out = Object.create(null);
      Object.keys(layers).forEach(function (name) { out[P.escapeHtml(name)] = layers[name]; });
      return out;
    }
    var layerCtl = L.control.layers(asHtmlNames(bases), asHtmlNames(overlays),
      { collapsed: small, position: 'topright' }).addTo(map);
    L.control.scale({ position: 'bottomleft', imperial: false }).addTo(map);

    // ---- basemaps: web tiles once one has loaded; a PMTiles extract in the page -------
    // one probe tile first: no request at all while the browser knows it is offline (so no
    // network error is logged), and the layer only once a tile has really loaded
    api.tiles = tiles ? 'waiting' : 'none';
    function probeTiles() {
      if (api.tiles !== 'waiting' && api.tiles !== 'offline') return;
      var t = data.tiles, url = L.Util.template(t.url, { s: (t.subdomains || 'abc')[0], z: 2, x: 2, y: 1, r: '' });
      if (navigator.onLine === false && !/^data:/i.test(url)) { api.tiles = 'offline'; return; }
      api.tiles = 'probing';
      var probe = new Image();
      probe.onload = function () {
        api.tiles = 'online';
        map.removeLayer(noTiles);
        tiles.addTo(map);
        map.removeLayer(countries);  // the tiles are the context now (the control brings it back)
      };
      probe.onerror = function () { api.tiles = 'offline'; };
      probe.src = url;
    }
    if (tiles) { probeTiles(); window.addEventListener('online', probeTiles); }
    api.basemap = data.basemap ? 'loading' : 'none';
    if (data.basemap) {
      try {
        var bytes = P.b64ToBytes(document.getElementById(node.id + '-basemap').textContent);
        var source = {
          getKey: function () { return 'embedded.pmtiles'; },
          getBytes: function (offset, length) {
            return Promise.resolve({ data: bytes.buffer.slice(offset, offset + length) });
          }
        };
        var archive = new window.pmtiles.PMTiles(source);
        archive.getHeader().then(function (h) {
          var layer = window.protomapsL.leafletLayer({
            url: archive, flavor: 'light', lang: 'en', maxDataZoom: h.maxZoom,
            attribution: 'Basemap ' + P.escapeHtml(data.basemap) + ' (PMTiles, protomaps-leaflet)'
          });
          layer.addTo(basemapLayer);
          basemapLayer.addTo(map);
          basemapLayer.eachLayer(function (l) { l.bringToBack && l.bringToBack(); });
          map.removeLayer(countries);
          layerCtl._update();
          api.basemapHeader = { minZoom: h.minZoom, maxZoom: h.maxZoom };
          api.basemap = 'drawn';
        }).catch(function (err) { api.basemap = 'failed: ' + err; });
      } catch (err) { api.basemap = 'failed: ' + err; }
    }

    // ---- drawing ----------------------------------------------------------------------
    var counts = { markers: 0, reported: 0, background: 0, aggregated: 0, cells: 0, buffers: 0,
      arrows: 0, inView: 0, shown: 0, visited: 0 };
    this.counts = counts;
    var clusters = [], buffer = new Uint32Array(Math.max(n, 1)), shownKey = null, shownTotal = 0;

    function radiusOf(i) { return Math.min(5 + 2.2 * Math.sqrt(cas[i] || 0), 22); }
    function passes(i) {
      var d = day[i];
      if (d === NONE) return true;  // undated incidents are never outside a date range
      if (state.from !== null && d < state.from) return false;
      if (state.to !== null && d > state.to) return false;
      return true;
    }

    function popup(i) {
      var box = el('div', 'gi-popup');
      box.appendChild(el('div', 'gi-popup-title', textColumn(inc.text.incident_id, i) || ('incident ' + (i + 1))));
      var table = el('table');
      function row(label, value) {
        if (value === null || value === undefined || value === '' || value === NONE) return;
        var tr = el('tr');
        tr.appendChild(el('th', null, label));
        tr.appendChild(el('td', null, value));
        table.appendChild(tr);
      }
      var tp = inc.tprec[i];
      row('Date', day[i] === NONE ? 'unknown' : P.isoDay(day[i]) + (tp > 1 ? ' (' + data.timePrecision[tp] + ')' : ''));
      row('Type', own(data.typeLabels, data.types[type[i]]) + (bg[i] ? ' (background)' : ''));
      row('Position', level[i] ? data.levels[level[i]] : null);
      data.popupFields.forEach(function (f) {
        var key = f[0], label = f[1], v;
        if (key === 'uncertainty_m') { v = unc[i] ? '± ' + fmtKm(unc[i]) : null; }
        else if (key === 'launch_km') { var k = launchOf[i]; v = k === undefined ? null : fmtKm(data.launch.dist_m[k]); }
        else if (own(inc.numbers, key)) { var col = inc.numbers[key]; v = col.values[i] === col.none ? null : col.values[i]; }
        else { v = textColumn(own(inc.text, key), i); }
        row(label, v);
      });
      box.appendChild(table);
      return box;
    }
    this.popup = popup;

    function select(i) {
      groups.selected.clearLayers();
      if (unc[i] > 0) {
        L.polygon(P.geodesicCircle(inc.lon[i] / scale, inc.lat[i] / scale, unc[i], 96), {
          color: '#222', weight: 2, dashArray: '5 4', fillOpacity: 0.04, interactive: false
        }).addTo(groups.selected);
      }
    }
    map.on('popupclose', function () { groups.selected.clearLayers(); });

    function shownCount(showRep, showBg) {
      var key = [state.from, state.to, showRep, showBg].join(':');
      if (key !== shownKey) {
        shownTotal = 0;
        for (var i = 0; i < n; i++) if ((bg[i] ? showBg : showRep) && passes(i)) shownTotal++;
        shownKey = key;
      }
      return shownTotal;
    }

    function render() {
      groups.reported.clearLayers(); groups.background.clearLayers();
      groups.buffers.clearLayers(); groups.arrows.clearLayers();
      for (var key in counts) counts[key] = 0;
      clusters = [];
      var showRep = map.hasLayer(groups.reported), showBg = map.hasLayer(groups.background);
      var zoom = map.getZoom(), ws = 256 * Math.pow(2, zoom), pb = map.getPixelBounds(), pad = 40;
      var x0 = (pb.min.x - pad) / ws, x1 = (pb.max.x + pad) / ws, y0 = (pb.min.y - pad) / ws, y1 = (pb.max.y + pad) / ws;
      var m = 0;
      if (showRep || showBg) {
        index.query(x0, y0, x1, y1, function (i) {
          counts.visited++;
          if (bg[i] ? !showBg : !showRep) return;
          if (mx[i] < x0 || mx[i] > x1 || my[i] < y0 || my[i] > y1) return;
          if (!passes(i)) return;
          buffer[m++] = i;
        });
      }
      counts.shown = shownCount(showRep, showBg);
      counts.inView = m;
      var boxes = [];
      if (m <= data.maxDetail) drawDetail(Array.prototype.slice.call(buffer.subarray(0, m)));
      else drawClusters(buffer.subarray(0, m), ws, boxes);
      labels.update(boxes);
      self.ready = true;
      if (ctx.onrender) ctx.onrender(counts);
    }
    this.render = render;

    function drawDetail(idx) {
      var wantBuf = map.hasLayer(groups.buffers), wantArrows = map.hasLayer(groups.arrows);
      // biggest first so small symbols stay clickable on top
      idx.sort(function (a, b) { return (cas[b] - cas[a]) || (a - b); });
      // buffers and arrows first: the canvas draws (and hit-tests) later layers on top
      idx.forEach(function (i) {
        var lat = inc.lat[i] / scale, lon = inc.lon[i] / scale;
        if (wantBuf && unc[i] > 0 && level[i] < 2) {
          var wide = level[i] === 1;
          L.polygon(P.geodesicCircle(lon, lat, unc[i], 64), wide
            ? { color: '#777', weight: 1, opacity: 0.45, dashArray: '1 4', fill: false, interactive: false }
            : { color: '#555', weight: 1, dashArray: '4 3', fillOpacity: 0.05, interactive: false }).addTo(groups.buffers);
          counts.buffers++;
        }
        var k = launchOf[i];
        if (wantArrows && k !== undefined) {
          drawArrow(data.launch.lon[k] / scale, data.launch.lat[k] / scale, lon, lat,
            (textColumn(inc.text.launch_place, i) || 'launch site') + ' → ' +
            (textColumn(inc.text.place_name, i) || 'impact') + ': ' + fmtKm(data.launch.dist_m[k]));
          counts.arrows++;
        }
      });
      idx.forEach(function (i) {
        var st = typeStyle[type[i]], lat = inc.lat[i] / scale, lon = inc.lon[i] / scale, country = level[i] === 2;
        var mk = new Symbol([lat, lon], country
          ? { radius: radiusOf(i), shape: st.shape, color: st.color, weight: 2, dashArray: '2 2', fillColor: '#fff', fillOpacity: 1 }
          : { radius: radiusOf(i), shape: st.shape, color: bg[i] ? '#555' : st.color, weight: bg[i] ? 1.5 : 1,
            dashArray: bg[i] ? '3 2' : null, fillColor: st.color, fillOpacity: bg[i] ? 0.35 : 0.85 });
        mk.giIndex = i;
        // a map-level popup, so re-drawing after its auto-pan does not close it
        mk.on('click', function () {
          L.popup({ maxWidth: 400, minWidth: 260, autoPanPaddingTopLeft: [padding.left + 10, 10], autoPanPaddingBottomRight: [padding.right + 10, 10] })
            .setLatLng([lat, lon]).setContent(popup(i)).openOn(map);
          select(i);
        });
        mk.addTo(bg[i] ? groups.background : groups.reported);
        counts.markers++; counts[bg[i] ? 'background' : 'reported']++;
      });
    }

    function drawArrow(lon1, lat1, lon2, lat2, label) {
      var color = styles.arrow;
      L.polyline([[lat1, lon1], [lat2, lon2]], { color: color, weight: 2, dashArray: '6 4' })
        .bindTooltip(el('span', null, label), { sticky: true }).addTo(groups.arrows);
      // arrow head drawn in screen space so it keeps its size at every zoom
      var a = map.latLngToLayerPoint([lat1, lon1]), b = map.latLngToLayerPoint([lat2, lon2]);
      var ang = Math.atan2(b.y - a.y, b.x - a.x), len = 12;
      var head = [-0.45, 0.45].map(function (d) {
        return map.layerPointToLatLng(L.point(b.x - len * Math.cos(ang + d), b.y - len * Math.sin(ang + d)));
      });
      L.polygon([head[0], [lat2, lon2], head[1]], { color: color, weight: 1, fillColor: color, fillOpacity: 1, interactive: false })
        .addTo(groups.arrows);
      L.circleMarker([lat1, lon1], { radius: 4, color: color, fillColor: '#fff', fillOpacity: 1, weight: 2 })
        .bindTooltip(el('span', null, label), { sticky: true }).addTo(groups.arrows);
    }

    function drawClusters(idx, ws, boxes) {
      var cell = 80, cells = new Map(), nt = data.types.length;
      for (var j = 0; j < idx.length; j++) {
        var i = idx[j], key = Math.floor(my[i] * ws / cell) * 1e7 + Math.floor(mx[i] * ws / cell), c = cells.get(key);
        if (!c) { c = { n: 0, bg: 0, sx: 0, sy: 0, minx: 1, maxx: 0, miny: 1, maxy: 0, types: new Int32Array(nt) }; cells.set(key, c); }
        c.n++; c.bg += bg[i]; c.sx += mx[i]; c.sy += my[i]; c.types[type[i]]++;
        if (mx[i] < c.minx) c.minx = mx[i]; if (mx[i] > c.maxx) c.maxx = mx[i];
        if (my[i] < c.miny) c.miny = my[i]; if (my[i] > c.maxy) c.maxy = my[i];
      }
      var crs = map.options.crs, zoom = map.getZoom();
      function toLatLng(x, y) { return crs.pointToLatLng(L.point(x * ws, y * ws), zoom); }
      cells.forEach(function (c) {
        var sz = c.n < 100 ? 34 : c.n < 10000 ? 42 : 50, mix = {}, parts = [];
        var order = Array.prototype.map.call(c.types, function (v, t) { return [v, t]; })
          .filter(function (p) { return p[0] > 0; }).sort(function (a, b) { return b[0] - a[0]; });
        order.forEach(function (p) {
          var name = own(data.typeLabels, data.types[p[1]]);
          P.setOwn(mix, data.types[p[1]], p[0]);
          parts.push(P.fmtInt(p[0]) + ' ' + name);
        });
        var label = c.n >= 10000 ? Math.round(c.n / 1000) + 'k' : String(c.n);
        var box = el('div', 'gi-cell' + (c.bg === c.n ? ' gi-cell-bg' : ''));
        box.appendChild(P.pieSvg(Array.prototype.slice.call(c.types), typeColors, sz, label));
        var title = P.fmtInt(c.n) + ' incidents: ' + parts.join(', ') + (c.bg ? ' (' + P.fmtInt(c.bg) + ' background)' : '') + '. Click to zoom in.';
        var at = toLatLng(c.sx / c.n, c.sy / c.n), px = map.latLngToContainerPoint(at);
        boxes.push([px.x - sz / 2, px.y - sz / 2, px.x + sz / 2, px.y + sz / 2]);
        var mk = L.marker(at, {
          icon: L.divIcon({ className: 'gi-cell-icon', html: box, iconSize: [sz, sz] }), title: title
        });
        mk.on('click', function () {
          map.fitBounds(L.latLngBounds(toLatLng(c.minx, c.maxy), toLatLng(c.maxx, c.miny)).pad(0.2));
        });
        mk.addTo(c.bg === c.n ? groups.background : groups.reported);
        clusters.push({ n: c.n, background: c.bg, mix: mix, title: title });
        counts.cells++; counts.aggregated += c.n;
      });
    }

    // ---- controls ---------------------------------------------------------------------
    var ctx = { data: data, small: small, zoneColor: zoneColor, state: state, n: n, undated: undated,
      minDay: minDay, maxDay: maxDay, onLayout: layout,
      setRange: function (a, b) { state.from = a; state.to = b; render(); } };
    var legend = P.addLegend(map, ctx);
    var timeCtl = P.addTimeControl(map, ctx);
    var measure = P.addMeasure(map, this);
    var padding = { left: 0, right: 0 };

    // the legend never runs under the layer control: its body gets the height left
    function layout() {
      var mapH = map.getSize().y, ctlBox = layerCtl.getContainer().getBoundingClientRect();
      var body = legend.getContainer().querySelector('.gi-box-body');
      body.style.maxHeight = Math.max(60, mapH - ctlBox.height - 90) + 'px';
    }
    layout();
    map.on('resize', layout);
    layerCtl.getContainer().addEventListener('mouseenter', function () { setTimeout(layout, 0); });

    this.setDateRange = function (fromIso, toIso) {
      state.from = P.dayOf(fromIso); state.to = P.dayOf(toIso);
      render();
    };

    map.on('moveend zoomend overlayadd overlayremove', function (e) {
      if (e.type === 'overlayadd' || e.type === 'overlayremove') {
        var l = e.layer;
        if (l !== groups.reported && l !== groups.background && l !== groups.buffers && l !== groups.arrows) return;
      }
      render();
    });
    // keep the data clear of the controls on both sides
    var right = 0, left = 0;
    [legend, layerCtl].forEach(function (c) { right = Math.max(right, c.getContainer().offsetWidth); });
    [timeCtl, measure].forEach(function (c) { left = Math.max(left, c.getContainer().offsetWidth); });
    if (left + right > size.x * 0.7) { left = 0; right = 0; }  // small screens: overlap instead
    padding.left = left; padding.right = right;
    var b = data.bounds;
    if (data.view) map.setView([data.view[1], data.view[0]], data.view[2], { animate: false });
    else if (b) map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {
      paddingTopLeft: [left + 30, 30], paddingBottomRight: [right + 30, 30], maxZoom: 14, animate: false
    });
    else map.setView([20, 0], 2, { animate: false });
    render();

    api.labels = labels.placed;
    api.clusters = function () { return clusters.slice(); };
    api.index = index;
    api.play = function () { timeCtl.play(); };
    api.stop = function () { timeCtl.stop(); };
    api.playing = function () { return timeCtl.playing(); };
    api.legend = legend; api.layerControl = layerCtl;
  }

  GeoIncidentsMap.prototype.zoneIds = function () {
    return this.data.zones.features.map(function (f) { return f.properties.zone_id; });
  };

  window.geoincidentsMap = function (map, node) {
    var api = window.geoincidents = window.geoincidents || {};
    api.ready = false;
    api.geodesicDistance = P.geodesicDistance;
    api.geodesicDirect = P.geodesicDirect;
    return P.loadData(node).then(function (data) {
      var gi = new GeoIncidentsMap(map, data, node, api);
      api.map = gi;
      api.n = gi.n;
      api.counts = gi.counts;
      api.layers = gi.layers;
      api.setDateRange = gi.setDateRange;
      api.render = gi.render;
      api.zoneIds = function () { return gi.zoneIds(); };
      api.zonesDrawn = function () {
        var z = gi.layers[data.layerNames.zones];
        return gi.map.hasLayer(z) ? z.getLayers().length : 0;
      };
      api.markers = function () {
        var out = [];
        [gi.groups.reported, gi.groups.background].forEach(function (g) {
          if (!gi.map.hasLayer(g)) return;
          g.eachLayer(function (m) {
            if (m.giIndex === undefined) return;
            var p = gi.map.latLngToContainerPoint(m.getLatLng());
            out.push({ i: m.giIndex, x: p.x, y: p.y, background: !!data.incidents.bg[m.giIndex] });
          });
        });
        return out;
      };
      api.ready = true;
      return gi;
    }).catch(function (err) {
      api.error = String(err);
      console.error('geoincidents: could not draw the map: ' + err);
      throw err;
    });
  };
})();
