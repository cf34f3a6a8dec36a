/* geoincidents map: draws incidents from compact columnar JSON on a Leaflet canvas.
 *
 * Data arrives only as JSON (a <script type="application/json"> block, optionally
 * gzip+base64). Every piece of user text reaches the page through textContent, never
 * innerHTML; where Leaflet itself wants HTML (layer names, tile attribution) the text is
 * escaped or rebuilt from text and plain links first. At low zoom, when more incidents are in view than `maxDetail`, they are
 * aggregated into a pixel grid; zoomed in, each incident is its own canvas symbol with a
 * popup built on demand. Distances, buffers and the measuring tool are geodesic on WGS84
 * (Vincenty's direct and inverse solutions).
 */
(function () {
  'use strict';

  // ---- WGS84 geodesy (Vincenty 1975) --------------------------------------------
  var WA = 6378137.0, WF = 1 / 298.257223563, WB = WA * (1 - WF);
  var RAD = Math.PI / 180;

  function geodesicDirect(lon, lat, azDeg, s) {
    var a1 = azDeg * RAD, sinA1 = Math.sin(a1), cosA1 = Math.cos(a1);
    var tanU1 = (1 - WF) * Math.tan(lat * RAD), cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
    var sinU1 = tanU1 * cosU1;
    var sigma1 = Math.atan2(tanU1, cosA1);
    var sinA = cosU1 * sinA1, cos2A = 1 - sinA * sinA;
    var u2 = cos2A * (WA * WA - WB * WB) / (WB * WB);
    var A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    var B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    var sigma = s / (WB * A), prev, sinS, cosS, cos2Sm, k = 0;
    do {
      cos2Sm = Math.cos(2 * sigma1 + sigma);
      sinS = Math.sin(sigma); cosS = Math.cos(sigma);
      var dS = B * sinS * (cos2Sm + B / 4 * (cosS * (-1 + 2 * cos2Sm * cos2Sm) -
        B / 6 * cos2Sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2Sm * cos2Sm)));
      prev = sigma; sigma = s / (WB * A) + dS;
    } while (Math.abs(sigma - prev) > 1e-12 && ++k < 100);
    sinS = Math.sin(sigma); cosS = Math.cos(sigma); cos2Sm = Math.cos(2 * sigma1 + sigma);
    var x = sinU1 * sinS - cosU1 * cosS * cosA1;
    var lat2 = Math.atan2(sinU1 * cosS + cosU1 * sinS * cosA1, (1 - WF) * Math.sqrt(sinA * sinA + x * x));
    var lam = Math.atan2(sinS * sinA1, cosU1 * cosS - sinU1 * sinS * cosA1);
    var C = WF / 16 * cos2A * (4 + WF * (4 - 3 * cos2A));
    var L = lam - (1 - C) * WF * sinA * (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm * cos2Sm)));
    return [lon + L / RAD, lat2 / RAD];
  }

  function geodesicDistance(lon1, lat1, lon2, lat2) {
    var L = (lon2 - lon1) * RAD;
    var U1 = Math.atan((1 - WF) * Math.tan(lat1 * RAD)), U2 = Math.atan((1 - WF) * Math.tan(lat2 * RAD));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lam = L, prev, k = 0, sinS, cosS, sigma, cos2A, cos2Sm, sinA;
    do {
      var sinL = Math.sin(lam), cosL = Math.cos(lam);
      var t = cosU1 * sinU2 - sinU1 * cosU2 * cosL;
      sinS = Math.sqrt(cosU2 * sinL * cosU2 * sinL + t * t);
      if (sinS === 0) return 0;
      cosS = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
      sigma = Math.atan2(sinS, cosS);
      sinA = cosU1 * cosU2 * sinL / sinS;
      cos2A = 1 - sinA * sinA;
      cos2Sm = cos2A !== 0 ? cosS - 2 * sinU1 * sinU2 / cos2A : 0;
      var C = WF / 16 * cos2A * (4 + WF * (4 - 3 * cos2A));
      prev = lam;
      lam = L + (1 - C) * WF * sinA * (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm * cos2Sm)));
    } while (Math.abs(lam - prev) > 1e-12 && ++k < 200);
    if (k >= 200) {  // near-antipodal: fall back to the mean-radius sphere
      return 6371008.8 * Math.acos(Math.min(1, Math.max(-1, Math.sin(lat1 * RAD) * Math.sin(lat2 * RAD) +
        Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.cos(L))));
    }
    var u2 = cos2A * (WA * WA - WB * WB) / (WB * WB);
    var A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    var B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    var dS = B * sinS * (cos2Sm + B / 4 * (cosS * (-1 + 2 * cos2Sm * cos2Sm) -
      B / 6 * cos2Sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2Sm * cos2Sm)));
    return WB * A * (sigma - dS);
  }

  function geodesicCircle(lon, lat, radiusM, n) {
    var ring = [];
    for (var k = 0; k < n; k++) {
      var p = geodesicDirect(lon, lat, 360 * k / n, radiusM);
      ring.push([p[1], p[0]]);
    }
    return ring;
  }

  // ---- symbols: one polygon per event type, shared by the canvas and the legend ----
  function regular(n, rot) {
    var pts = [];
    for (var k = 0; k < n; k++) {
      var a = rot + 2 * Math.PI * k / n;
      pts.push([Math.sin(a), -Math.cos(a)]);
    }
    return pts;
  }
  function star() {
    var pts = [];
    for (var k = 0; k < 10; k++) {
      var r = k % 2 ? 0.45 : 1, a = Math.PI * k / 5;
      pts.push([r * Math.sin(a), -r * Math.cos(a)]);
    }
    return pts;
  }
  var SHAPES = {
    circle: null,
    square: [[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]],
    triangle: regular(3, 0),
    diamond: regular(4, 0),
    'triangle-down': regular(3, Math.PI),
    star: star(),
    cross: [[-0.3, -1], [0.3, -1], [0.3, -0.3], [1, -0.3], [1, 0.3], [0.3, 0.3], [0.3, 1],
            [-0.3, 1], [-0.3, 0.3], [-1, 0.3], [-1, -0.3], [-0.3, -0.3]],
    hexagon: regular(6, Math.PI / 6)
  };

  function tracePath(ctx, shape, x, y, r) {
    var pts = SHAPES[shape];
    if (!pts) { ctx.arc(x, y, r, 0, Math.PI * 2, false); return; }
    ctx.moveTo(x + pts[0][0] * r, y + pts[0][1] * r);
    for (var k = 1; k < pts.length; k++) ctx.lineTo(x + pts[k][0] * r, y + pts[k][1] * r);
    ctx.closePath();
  }

  var SVGNS = 'http://www.w3.org/2000/svg';
  function symbolSvg(shape, color, opts) {
    opts = opts || {};
    var size = opts.size || 16, r = size / 2 - 2, c = size / 2;
    var svg = document.createElementNS(SVGNS, 'svg');
    svg.setAttribute('width', size); svg.setAttribute('height', size);
    var node, pts = SHAPES[shape];
    if (!pts) {
      node = document.createElementNS(SVGNS, 'circle');
      node.setAttribute('cx', c); node.setAttribute('cy', c); node.setAttribute('r', r);
    } else {
      node = document.createElementNS(SVGNS, 'polygon');
      node.setAttribute('points', pts.map(function (p) { return (c + p[0] * r) + ',' + (c + p[1] * r); }).join(' '));
    }
    node.setAttribute('fill', opts.fill === undefined ? color : opts.fill);
    node.setAttribute('fill-opacity', opts.fillOpacity === undefined ? 0.85 : opts.fillOpacity);
    node.setAttribute('stroke', opts.stroke || color);
    node.setAttribute('stroke-width', opts.weight || 1.5);
    if (opts.dash) node.setAttribute('stroke-dasharray', opts.dash);
    svg.appendChild(node);
    return svg;
  }

  function installSymbolMarker(L) {
    L.Canvas.include({
      _updateGiSymbol: function (layer) {
        if (!this._drawing || layer._empty()) return;
        var p = layer._point, ctx = this._ctx, r = Math.max(Math.round(layer._radius), 1);
        ctx.beginPath();
        tracePath(ctx, layer.options.shape, p.x, p.y, r);
        this._fillStroke(ctx, layer);
      }
    });
    return L.CircleMarker.extend({
      _updatePath: function () {
        if (this._renderer._updateGiSymbol) this._renderer._updateGiSymbol(this);
        else this._renderer._updateCircle(this);
      }
    });
  }

  // ---- small DOM helpers: text only ever goes through textContent ------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // a style looked up by a name from the data: never an inherited property ("constructor")
  function own(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  // text as HTML that shows that text (Leaflet's layer control sets innerHTML)
  function escapeHtml(text) {
    var node = document.createElement('div');
    node.textContent = String(text);
    return node.innerHTML;
  }

  // a tile attribution keeps its text and its http(s) links, nothing else: parsed in an
  // inert document (no script runs, no image loads), then written back as escaped HTML
  function safeAttribution(source) {
    var doc = new DOMParser().parseFromString(String(source), 'text/html');
    function walk(node) {
      var out = '';
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) { out += escapeHtml(child.nodeValue); return; }
        if (child.nodeType !== 1) return;
        var inner = walk(child), href = child.tagName === 'A' && child.getAttribute('href');
        out += href && /^https?:\/\//i.test(href)
          ? '<a href="' + escapeHtml(href).replace(/"/g, '&quot;') + '" target="_blank" rel="noopener noreferrer">' + inner + '</a>'
          : inner;
      });
      return out;
    }
    return walk(doc.body);
  }

  function isoDay(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }
  function dayOf(iso) {
    if (!iso) return null;
    var t = Date.parse(iso + 'T00:00:00Z');
    return isNaN(t) ? null : Math.round(t / 86400000);
  }
  function fmtKm(m) {
    return m >= 10000 ? (m / 1000).toFixed(1) + ' km' : m >= 1000 ? (m / 1000).toFixed(2) + ' km' : Math.round(m) + ' m';
  }

  // ---- data ---------------------------------------------------------------------------
  function b64ToBytes(b64) {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
    return out;
  }

  function loadData(node) {
    var raw = JSON.parse(node.textContent);
    if (!raw.gzip) return Promise.resolve(raw);
    var stream = new Blob([b64ToBytes(raw.gzip)]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  function textColumn(col, i) {
    if (!col) return null;
    if (col.codes) { var c = col.codes[i]; return c < 0 ? null : col.values[c]; }
    return col.values[i];
  }

  // ---- the map ------------------------------------------------------------------------
  function GeoIncidentsMap(map, data) {
    var L = window.L, self = this;
    var Symbol = installSymbolMarker(L);
    var n = data.n, scale = data.scale;
    var inc = data.incidents;
    this.map = map; this.data = data; this.n = n;
    var mx = new Float64Array(n), my = new Float64Array(n);
    var day = inc.day, type = inc.type, bg = inc.bg, cas = inc.cas, unc = inc.unc;
    for (var i = 0; i < n; i++) {
      var lat = Math.max(-85.0511, Math.min(85.0511, inc.lat[i] / scale));
      mx[i] = 0.5 + inc.lon[i] / scale / 360;
      my[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + lat * RAD / 2)) / (2 * Math.PI);
    }
    var launchOf = {};
    if (data.launch) for (var k = 0; k < data.launch.i.length; k++) launchOf[data.launch.i[k]] = k;
    var styles = data.styles;
    var typeStyle = data.types.map(function (t) { return own(styles.events, t) || styles.events.other; });
    function zoneColor(kind) { return own(styles.zones, kind) || styles.zones.zone; }

    var pad = { left: 0, right: 0 };  // room the controls take on each side
    // state
    this.dateFrom = null; this.dateTo = null;
    var days = day.filter(function (d) { return d !== null; });
    var minDay = days.length ? days.reduce(function (a, b) { return Math.min(a, b); }) : null;
    var maxDay = days.length ? days.reduce(function (a, b) { return Math.max(a, b); }) : null;

    // layers
    var groups = {
      reported: L.layerGroup(), background: L.layerGroup(), buffers: L.layerGroup(),
      arrows: L.layerGroup()
    };
    this.groups = groups;
    var overlays = {};
    var countries = L.layerGroup();
    if (data.countries) {
      L.geoJSON(data.countries, {
        interactive: false,
        style: function () { return { color: '#8d8d8d', weight: 1, fillColor: '#f3efe6', fillOpacity: 1 }; }
      }).addTo(countries);
      data.countries.features.forEach(function (f) {
        var p = f.properties;
        L.marker([p.label_lat, p.label_lon], {
          interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'gi-label gi-country-label', html: el('span', null, p.name), iconSize: null })
        }).addTo(countries);
      });
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
    var labels = L.layerGroup();
    (data.places || []).forEach(function (p) {
      L.marker([p[1], p[0]], {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'gi-label', html: el('span', null, p[2]), iconSize: null, iconAnchor: [-6, 6] })
      }).addTo(labels);
    });
    (data.zones.features || []).forEach(function (f) {
      var c = f.properties.label;
      L.marker([c[1], c[0]], {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'gi-label gi-zone-label', html: el('span', null, f.properties.name), iconSize: null })
      }).addTo(labels);
    });
    var rings = L.layerGroup();
    (data.rings || []).forEach(function (r) {
      var style = own(styles.ranges, r.label) || '#444';
      L.polygon(r.ring.map(function (p) { return [p[1], p[0]]; }), {
        color: style, weight: 1.5, dashArray: '8 4', fill: false
      }).bindTooltip(el('span', null, r.label + ': ' + fmtKm(r.radius_m) + ' from ' + (r.site || 'launch site')), { sticky: true })
        .addTo(rings);
    });

    var tiles = null;
    if (data.tiles) {
      tiles = L.tileLayer(data.tiles.url, { attribution: safeAttribution(data.tiles.attribution || ''), maxZoom: data.tiles.max_zoom || 19 });
      tiles.addTo(map);
    }
    countries.addTo(map);
    zones.addTo(map);
    rings.addTo(map);
    labels.addTo(map);
    groups.buffers.addTo(map);
    groups.arrows.addTo(map);
    groups.background.addTo(map);
    groups.reported.addTo(map);
    var L_ = data.layerNames;
    overlays[L_.countries] = countries;
    overlays[L_.labels] = labels;
    overlays[L_.zones] = zones;
    overlays[L_.reported] = groups.reported;
    overlays[L_.background] = groups.background;
    overlays[L_.buffers] = groups.buffers;
    overlays[L_.arrows] = groups.arrows;
    overlays[L_.rings] = rings;
    var bases = {};
    if (tiles) { bases[data.tiles.name] = tiles; bases[L_.noTiles] = L.layerGroup(); }
    this.layers = overlays;
    // Leaflet puts layer names in as HTML: hand it each name as escaped text
    function asHtmlNames(layers) {
      var out = Object.create(null);
      Object.keys(layers).forEach(function (name) { out[escapeHtml(name)] = layers[name]; });
      return out;
    }
    var layerCtl = L.control.layers(asHtmlNames(bases), asHtmlNames(overlays),
      { collapsed: false, position: 'topright' }).addTo(map);
    L.control.scale({ position: 'bottomleft', imperial: false }).addTo(map);

    // ---- drawing ----------------------------------------------------------------------
    var counts = { markers: 0, reported: 0, background: 0, aggregated: 0, cells: 0, buffers: 0, arrows: 0, inView: 0, shown: 0 };
    this.counts = counts;

    function radiusOf(i) { return Math.min(5 + 2.2 * Math.sqrt(cas[i] || 0), 22); }

    function passes(i) {
      var d = day[i];
      if (d === null) return true;  // undated incidents are never outside a date range
      if (self.dateFrom !== null && d < self.dateFrom) return false;
      if (self.dateTo !== null && d > self.dateTo) return false;
      return true;
    }

    function popup(i) {
      var box = el('div', 'gi-popup');
      box.appendChild(el('div', 'gi-popup-title', textColumn(inc.text.incident_id, i) || ('incident ' + (i + 1))));
      var table = el('table');
      function row(label, value) {
        if (value === null || value === undefined || value === '') return;
        var tr = el('tr');
        tr.appendChild(el('th', null, label));
        tr.appendChild(el('td', null, value));
        table.appendChild(tr);
      }
      var tp = inc.tprec ? inc.tprec[i] : null;
      row('Date', day[i] === null ? 'unknown' : isoDay(day[i]) + (tp && tp > 1 ? ' (' + data.timePrecision[tp] + ')' : ''));
      row('Type', data.typeLabels[data.types[type[i]]] + (bg[i] ? ' (background)' : ''));
      data.popupFields.forEach(function (f) {
        var key = f[0], label = f[1], v;
        if (key === 'uncertainty_m') { v = unc[i] ? '± ' + fmtKm(unc[i]) : null; }
        else if (key === 'launch_km') { var k = launchOf[i]; v = k === undefined ? null : fmtKm(data.launch.dist_m[k]); }
        else if (inc.numbers[key]) { v = inc.numbers[key][i]; }
        else { v = textColumn(inc.text[key], i); }
        row(label, v);
      });
      box.appendChild(table);
      return box;
    }
    this.popup = popup;

    function render() {
      groups.reported.clearLayers(); groups.background.clearLayers();
      groups.buffers.clearLayers(); groups.arrows.clearLayers();
      for (var key in counts) counts[key] = 0;
      var showRep = map.hasLayer(groups.reported), showBg = map.hasLayer(groups.background);
      var zoom = map.getZoom(), ws = 256 * Math.pow(2, zoom);
      var pb = map.getPixelBounds(), pad = 40;
      var x0 = pb.min.x - pad, x1 = pb.max.x + pad, y0 = pb.min.y - pad, y1 = pb.max.y + pad;
      var idx = [];
      for (var i = 0; i < n; i++) {
        if (bg[i] ? !showBg : !showRep) continue;
        if (!passes(i)) continue;
        counts.shown++;
        var px = mx[i] * ws, py = my[i] * ws;
        if (px < x0 || px > x1 || py < y0 || py > y1) continue;
        idx.push(i);
      }
      counts.inView = idx.length;
      if (idx.length <= data.maxDetail) drawDetail(idx); else drawCells(idx, ws, pb);
      self.ready = true;
      if (self.onrender) self.onrender(counts);
    }
    this.render = render;

    function drawDetail(idx) {
      var wantBuf = map.hasLayer(groups.buffers), wantArrows = map.hasLayer(groups.arrows);
      // biggest first so small symbols stay clickable on top
      idx.sort(function (a, b) { return (cas[b] || 0) - (cas[a] || 0); });
      // buffers and arrows first: the canvas draws (and hit-tests) later layers on top, so a
      // symbol is never covered by the arrow that ends on it
      idx.forEach(function (i) {
        var lat = inc.lat[i] / scale, lon = inc.lon[i] / scale;
        if (wantBuf && unc[i] > 0) {
          L.polygon(geodesicCircle(lon, lat, unc[i], 64), {
            color: '#555', weight: 1, dashArray: '4 3', fillOpacity: 0.05, interactive: false
          }).addTo(groups.buffers);
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
        var st = typeStyle[type[i]], lat = inc.lat[i] / scale, lon = inc.lon[i] / scale;
        var m = new Symbol([lat, lon], {
          radius: radiusOf(i), shape: st.shape, color: bg[i] ? '#555' : st.color, weight: bg[i] ? 1.5 : 1,
          dashArray: bg[i] ? '3 2' : null, fillColor: st.color, fillOpacity: bg[i] ? 0.35 : 0.85
        });
        m.giIndex = i;
        // a map-level popup, so re-drawing after its auto-pan does not close it
        m.on('click', function () {
          L.popup({ maxWidth: 400, minWidth: 260, autoPanPaddingTopLeft: [pad.left + 10, 10], autoPanPaddingBottomRight: [pad.right + 10, 10] }).setLatLng([lat, lon]).setContent(popup(i)).openOn(map);
        });
        m.addTo(bg[i] ? groups.background : groups.reported);
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

    function drawCells(idx, ws, pb) {
      var cell = 64, cells = {};
      idx.forEach(function (i) {
        var key = Math.floor(mx[i] * ws / cell) + ':' + Math.floor(my[i] * ws / cell);
        var c = cells[key];
        if (!c) c = cells[key] = { n: 0, bg: 0, sx: 0, sy: 0, minx: 1, maxx: 0, miny: 1, maxy: 0 };
        c.n++; c.bg += bg[i]; c.sx += mx[i]; c.sy += my[i];
        if (mx[i] < c.minx) c.minx = mx[i]; if (mx[i] > c.maxx) c.maxx = mx[i];
        if (my[i] < c.miny) c.miny = my[i]; if (my[i] > c.maxy) c.maxy = my[i];
      });
      var crs = map.options.crs;
      function toLatLng(x, y) { return crs.pointToLatLng(L.point(x * ws, y * ws), map.getZoom()); }
      Object.keys(cells).forEach(function (key) {
        var c = cells[key], size = c.n < 100 ? 30 : c.n < 10000 ? 38 : 46;
        var label = el('div', 'gi-cell' + (c.bg === c.n ? ' gi-cell-bg' : ''));
        label.appendChild(el('span', null, c.n >= 10000 ? Math.round(c.n / 1000) + 'k' : c.n));
        var m = L.marker(toLatLng(c.sx / c.n, c.sy / c.n), {
          icon: L.divIcon({ className: 'gi-cell-icon', html: label, iconSize: [size, size] }),
          title: c.n + ' incidents; click to zoom in'
        });
        m.on('click', function () {
          map.fitBounds(L.latLngBounds(toLatLng(c.minx, c.maxy), toLatLng(c.maxx, c.miny)).pad(0.2));
        });
        m.addTo(c.bg === c.n ? groups.background : groups.reported);
        counts.cells++; counts.aggregated += c.n;
      });
    }

    // ---- controls: legend, time, measure --------------------------------------------
    var legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () {
      var box = el('div', 'gi-legend leaflet-bar');
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      box.appendChild(el('div', 'gi-legend-title', data.title));
      function item(sym, text) {
        var rowEl = el('div', 'gi-legend-row');
        rowEl.appendChild(sym); rowEl.appendChild(el('span', null, text));
        box.appendChild(rowEl);
      }
      function section(text) { box.appendChild(el('div', 'gi-legend-section', text)); }
      section('Incidents');
      data.typesPresent.forEach(function (t) {
        var st = own(styles.events, t) || styles.events.other;
        item(symbolSvg(st.shape, st.color), data.typeLabels[t]);
      });
      item(symbolSvg('circle', '#555', { fill: '#999', fillOpacity: 0.35, dash: '3 2' }), 'background (recalled, not the news)');
      var sizes = el('span', 'gi-sizes');
      [0, 5, 25].forEach(function (c) { sizes.appendChild(symbolSvg('circle', '#777', { size: 2 * Math.round(Math.min(5 + 2.2 * Math.sqrt(c), 22)) + 4 })); });
      item(sizes, 'size: killed + injured (0, 5, 25)');
      var cellSym = el('span', 'gi-cell gi-cell-legend'); cellSym.appendChild(el('span', null, 'n'));
      item(cellSym, 'n incidents grouped (zoom in for each)');
      section('Context');
      data.zoneKinds.forEach(function (k) {
        var sw = el('span', 'gi-swatch'); sw.style.borderColor = zoneColor(k);
        sw.style.background = zoneColor(k);
        item(sw, 'zone: ' + k);
      });
      item(symbolSvg('circle', '#555', { fill: 'none', dash: '3 2' }), 'uncertainty radius (geodesic)');
      var arrow = el('span', 'gi-arrow-sym'); arrow.style.borderTopColor = styles.arrow;
      item(arrow, 'launch site → impact');
      Object.keys(styles.ranges).forEach(function (label) {
        var sym = el('span', 'gi-ring-sym'); sym.style.borderColor = styles.ranges[label];
        item(sym, label + ' range ring (' + fmtKm(data.ranges[label]) + ')');
      });
      if (data.countries) {
        var sw = el('span', 'gi-swatch'); sw.style.borderColor = '#8d8d8d'; sw.style.background = '#f3efe6';
        item(sw, 'country (Natural Earth 1:110m)');
      }
      return box;
    };
    legend.addTo(map);

    var timeCtl = L.control({ position: 'topleft' });
    timeCtl.onAdd = function () {
      var box = el('div', 'gi-time leaflet-bar');
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      box.appendChild(el('div', 'gi-legend-title', 'Dates'));
      var from = el('input'), to = el('input'), reset = el('button', null, 'All dates');
      from.type = to.type = 'date'; from.className = 'gi-date-from'; to.className = 'gi-date-to';
      reset.type = 'button';
      if (minDay !== null) {
        from.min = to.min = isoDay(minDay); from.max = to.max = isoDay(maxDay);
        from.value = isoDay(minDay); to.value = isoDay(maxDay);
      }
      var lf = el('label', null, 'from '), lt = el('label', null, 'to ');
      lf.appendChild(from); lt.appendChild(to);
      box.appendChild(lf); box.appendChild(lt); box.appendChild(reset);
      var status = el('div', 'gi-time-status');
      box.appendChild(status);
      function apply() { self.setDateRange(from.value || null, to.value || null); }
      from.addEventListener('change', apply); to.addEventListener('change', apply);
      from.addEventListener('input', apply); to.addEventListener('input', apply);
      reset.addEventListener('click', function () {
        from.value = minDay === null ? '' : isoDay(minDay); to.value = maxDay === null ? '' : isoDay(maxDay); apply();
      });
      self.onrender = function (c) {
        var undated = n - days.length;
        status.textContent = c.shown + ' of ' + n + ' shown' + (undated ? ' (' + undated + ' undated, always shown)' : '');
      };
      return box;
    };
    timeCtl.addTo(map);

    this.setDateRange = function (fromIso, toIso) {
      self.dateFrom = dayOf(fromIso); self.dateTo = dayOf(toIso);
      render();
    };

    var measure = L.control({ position: 'topleft' });
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
        for (var k = 1; k < pts.length; k++) total += geodesicDistance(pts[k - 1].lng, pts[k - 1].lat, pts[k].lng, pts[k].lat);
        self.measured_m = total;
        out.textContent = pts.length < 2 ? 'click the next point' : fmtKm(total) + ' (' + (pts.length - 1) + ' leg' + (pts.length > 2 ? 's' : '') + ')';
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
    measure.addTo(map);

    map.on('moveend zoomend overlayadd overlayremove', function (e) {
      if (e.type === 'overlayadd' || e.type === 'overlayremove') {
        var l = e.layer;
        if (l !== groups.reported && l !== groups.background && l !== groups.buffers && l !== groups.arrows) return;
      }
      render();
    });
    var b = data.bounds;
    // keep the data clear of the controls on both sides
    var right = 0, left = 0;
    [legend, layerCtl].forEach(function (c) { right = Math.max(right, c.getContainer().offsetWidth); });
    [timeCtl, measure].forEach(function (c) { left = Math.max(left, c.getContainer().offsetWidth); });
    var size = map.getSize();
    if (left + right > size.x * 0.7) { left = 0; right = 0; }  // small screens: overlap instead
    pad.left = left; pad.right = right;
    if (b) map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {
      paddingTopLeft: [left + 30, 30], paddingBottomRight: [right + 30, 30], maxZoom: 14, animate: false
    });
    else map.setView([20, 0], 2, { animate: false });
    // place and zone names only once they can be read apart
    function labelDensity() {
      var z = map.getZoom(), c = map.getContainer();
      L.DomUtil[z < 7 ? 'addClass' : 'removeClass'](c, 'gi-zoom-low');
      L.DomUtil[z >= 8 ? 'addClass' : 'removeClass'](c, 'gi-zoom-high');
    }
    map.on('zoomend', labelDensity);
    labelDensity();
    render();
  }

  GeoIncidentsMap.prototype.zoneIds = function () {
    return this.data.zones.features.map(function (f) { return f.properties.zone_id; });
  };

  window.geoincidentsMap = function (map, node) {
    var api = window.geoincidents = window.geoincidents || {};
    api.ready = false;
    api.geodesicDistance = geodesicDistance;
    api.geodesicDirect = geodesicDirect;
    return loadData(node).then(function (data) {
      var gi = new GeoIncidentsMap(map, data);
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
