/* geoincidents map, part 2: labels that never overlap.
 *
 * Every candidate label has a priority (zones and the places of incidents first, then
 * populated places by size, then countries) and a zoom from which it may show. After each
 * move the candidates in view are placed greedily by priority; one whose box (measured in
 * the DOM, with a margin) meets a box already placed is left out, and fewer are placed at
 * low zoom. Text goes in through textContent.
 */
(function () {
  'use strict';
  var P = window.GeoIncidentsParts = window.GeoIncidentsParts || {};
  var MARGIN = 3;        // px kept clear around every label
  var OFFSET = 7;        // px from a point to a label on its right

  function maxLabels(zoom) { return zoom <= 3 ? 30 : zoom <= 6 ? 60 : 150; }

  // candidates: [{lat, lon, text, cls, priority, minZoom, maxZoom, anchor: 'right'|'center'}]
  function LabelLayer(map, candidates) {
    var L = window.L, layer = L.layerGroup(), sizes = Object.create(null), placed = [];
    if (!map.getPane('giLabels')) {
      map.createPane('giLabels');
      map.getPane('giLabels').style.zIndex = 450;
      map.getPane('giLabels').style.pointerEvents = 'none';
    }
    var probe = P.el('div', 'gi-label gi-label-probe');
    var probeText = P.el('span');
    probe.appendChild(probeText);
    map.getContainer().appendChild(probe);
    var seen = Object.create(null);
    candidates = candidates.filter(function (c) {  // one label per text: the most important
      if (!c.text || seen[c.text]) return false;
      seen[c.text] = true;
      return true;
    });
    candidates.sort(function (a, b) { return b.priority - a.priority; });

    function measure(c) {
      var key = c.cls + '\u0000' + c.text, s = sizes[key];
      if (!s) {
        probe.className = 'gi-label gi-label-probe ' + c.cls;
        probeText.textContent = c.text;
        s = sizes[key] = [Math.ceil(probeText.offsetWidth), Math.ceil(probeText.offsetHeight)];
      }
      return s;
    }

    var obstacles = [];
    // `boxes`: [x0, y0, x1, y1] in container pixels that labels must keep clear of (clusters)
    function update(boxes) {
      if (boxes) obstacles = boxes;
      layer.clearLayers();
      placed = [];
      if (!map.hasLayer(layer)) return;
      var zoom = map.getZoom(), size = map.getSize(), limit = maxLabels(zoom);
      for (var k = 0; k < candidates.length && placed.length < limit; k++) {
        var c = candidates[k];
        if (zoom < c.minZoom || (c.maxZoom !== undefined && zoom > c.maxZoom)) continue;
        var p = map.latLngToContainerPoint([c.lat, c.lon]);
        if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) continue;
        var wh = measure(c), w = wh[0], h = wh[1], spot = null;
        // a point's label goes right of it, else left, above or below; an area's is centred
        var spots = c.anchor === 'center' ? [[-w / 2, -h / 2]]
          : [[OFFSET, -h / 2], [-OFFSET - w, -h / 2], [-w / 2, -h - OFFSET + 2], [-w / 2, OFFSET - 2]];
        for (var s = 0; s < spots.length && !spot; s++) {
          var x0 = Math.round(p.x + spots[s][0]), y0 = Math.round(p.y + spots[s][1]);
          var box = [x0 - MARGIN, y0 - MARGIN, x0 + w + MARGIN, y0 + h + MARGIN], clash = false;
          for (var j = 0; j < placed.length + obstacles.length && !clash; j++) {
            var q = j < placed.length ? placed[j].box : obstacles[j - placed.length];
            clash = box[0] < q[2] && q[0] < box[2] && box[1] < q[3] && q[1] < box[3];
          }
          if (!clash) spot = { box: box, anchor: [Math.round(-spots[s][0]), Math.round(-spots[s][1])] };
        }
        if (!spot) continue;
        placed.push({ box: spot.box, c: c });
        var span = P.el('span', null, c.text);
        L.marker([c.lat, c.lon], {
          interactive: false, keyboard: false, pane: 'giLabels',
          icon: L.divIcon({ className: 'gi-label ' + c.cls, html: span, iconSize: [w, h], iconAnchor: spot.anchor })
        }).addTo(layer);
      }
    }

    layer.on('add', function () { setTimeout(function () { update(); }, 0); });
    map.on('resize', function () { update(); });  // moves re-draw the incidents, which call update
    this.layer = layer;
    this.update = update;
    this.placed = function () { return placed.map(function (p) { return { text: p.c.text, cls: p.c.cls, box: p.box }; }); };
  }

  P.LabelLayer = LabelLayer;
})();
