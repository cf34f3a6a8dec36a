/* geoincidents map, part 1: geodesy, symbols, safe DOM helpers and the data loader.
 *
 * Data arrives only as JSON plus one base64 blob of typed arrays and JSON sections (see
 * geoincidents/pagedata.py). Every piece of user text reaches the page through
 * textContent, never innerHTML; where Leaflet itself wants HTML (layer names, tile
 * attribution) the text is escaped or rebuilt from text and plain links first.
 * Distances, buffers and the measuring tool are geodesic on WGS84 (Vincenty's direct and
 * inverse solutions).
 */
(function () {
  'use strict';
  var P = window.GeoIncidentsParts = window.GeoIncidentsParts || {};

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
  // an ISO calendar date (YYYY-MM-DD, years 0001-9999) as a day number; null otherwise
  function dayOf(iso) {
    if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
    var t = Date.parse(iso + 'T00:00:00Z');
    return isNaN(t) || isoDay(Math.round(t / 86400000)) !== iso ? null : Math.round(t / 86400000);
  }
  function fmtKm(m) {
    return m >= 10000 ? (m / 1000).toFixed(1) + ' km' : m >= 1000 ? (m / 1000).toFixed(2) + ' km' : Math.round(m) + ' m';
  }

  function fmtInt(v) {
    return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  // ---- data -----------------------------------------------------------------------------
  function b64ToBytes(b64) {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
    return out;
  }

  var ARRAYS = { int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
    int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array };

  // own properties only, set with defineProperty: a key such as "__proto__" stays data
  function setOwn(obj, key, value) {
    Object.defineProperty(obj, key, { value: value, enumerable: true, writable: true, configurable: true });
  }

  function resolveBlob(v, buf) {
    if (Array.isArray(v)) return v.map(function (x) { return resolveBlob(x, buf); });
    if (v && typeof v === 'object') {
      var kind = own(v, '$blob');
      if (typeof kind === 'string' && typeof own(v, 'offset') === 'number') {
        if (kind === 'json') return JSON.parse(new TextDecoder().decode(new Uint8Array(buf, v.offset, v.length)));
        if (own(ARRAYS, kind)) return new ARRAYS[kind](buf, v.offset, v.length);
      }
      var out = {};
      Object.keys(v).forEach(function (k) { setOwn(out, k, resolveBlob(v[k], buf)); });
      return out;
    }
    return v;
  }

  function loadData(node) {
    var outer = JSON.parse(node.textContent), bytes = b64ToBytes(outer.blob);
    var buf = outer.gzip
      ? new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
      : Promise.resolve(bytes.buffer);
    return buf.then(function (b) { return resolveBlob(outer.meta, b); });
  }

  function textColumn(col, i) {
    if (!col) return null;
    var c = col.codes[i];
    return c < 0 ? null : col.values[c];
  }

  // a pie of counts (one slice per type), count in the middle: SVG built from elements
  function pieSvg(counts, colors, size, label) {
    var svg = document.createElementNS(SVGNS, 'svg'), c = size / 2, r = size / 2 - 1;
    svg.setAttribute('width', size); svg.setAttribute('height', size);
    svg.setAttribute('class', 'gi-pie');
    var total = 0, a0 = -Math.PI / 2;
    counts.forEach(function (v) { total += v; });
    counts.forEach(function (v, k) {
      if (!v) return;
      var node;
      if (v === total) {
        node = document.createElementNS(SVGNS, 'circle');
        node.setAttribute('cx', c); node.setAttribute('cy', c); node.setAttribute('r', r);
      } else {
        var a1 = a0 + 2 * Math.PI * v / total, large = a1 - a0 > Math.PI ? 1 : 0;
        node = document.createElementNS(SVGNS, 'path');
        node.setAttribute('d', 'M' + c + ',' + c + 'L' + (c + r * Math.cos(a0)) + ',' + (c + r * Math.sin(a0)) +
          'A' + r + ',' + r + ' 0 ' + large + ' 1 ' + (c + r * Math.cos(a1)) + ',' + (c + r * Math.sin(a1)) + 'Z');
        a0 = a1;
      }
      node.setAttribute('fill', colors[k]);
      node.setAttribute('data-type', String(k));
      svg.appendChild(node);
    });
    var hole = document.createElementNS(SVGNS, 'circle');
    hole.setAttribute('cx', c); hole.setAttribute('cy', c); hole.setAttribute('r', r * 0.58);
    hole.setAttribute('fill', 'rgba(255,255,255,0.92)');
    svg.appendChild(hole);
    var text = document.createElementNS(SVGNS, 'text');
    text.setAttribute('x', c); text.setAttribute('y', c);
    text.setAttribute('text-anchor', 'middle'); text.setAttribute('dominant-baseline', 'central');
    text.textContent = label;
    svg.appendChild(text);
    return svg;
  }

  P.geodesicDirect = geodesicDirect; P.geodesicDistance = geodesicDistance;
  P.geodesicCircle = geodesicCircle; P.symbolSvg = symbolSvg; P.pieSvg = pieSvg;
  P.installSymbolMarker = installSymbolMarker; P.el = el; P.own = own; P.setOwn = setOwn;
  P.escapeHtml = escapeHtml; P.safeAttribution = safeAttribution; P.isoDay = isoDay;
  P.dayOf = dayOf; P.fmtKm = fmtKm; P.fmtInt = fmtInt; P.loadData = loadData;
  P.textColumn = textColumn; P.b64ToBytes = b64ToBytes;
})();
