/* The event page's small map: the reported point over the grid outlines. */
(function () {
  "use strict";
  var el = document.getElementById("event-map");
  if (!el || !window.L) { return; }
  var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
  var map = L.map(el, { attributionControl: !!el.dataset.tiles }).setView(point, 14);
  if (el.dataset.tiles) { L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map); }
  fetch(el.dataset.outlines, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      L.geoJSON(data, {
        style: { color: "#0b6e99", weight: 1, fillOpacity: 0.06 },
        onEachFeature: function (f, l) { l.bindTooltip(f.properties.name, { sticky: true }); }
      }).addTo(map);
      L.marker(point).addTo(map);
      el.dataset.ready = "1";
    });
}());
