/* Region map: draws the boundaries of the regions in the user's scope with Leaflet, on a plain
   background unless a tile URL is configured. Data comes from /api/regions/geojson. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var within = el.dataset.within;
  var status = document.getElementById("map-status");
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tiles });
  if (el.dataset.tiles) { L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map); }
  var palette = ["#b3261e", "#0b6e99", "#1b7f3b", "#a15c00", "#6a3fa0", "#00796b", "#c2185b", "#455a64"];
  var styles = {
    town: function () { return { color: "#1d2a33", weight: 2.5, fill: false }; },
    village: function () { return { color: "#5b6b76", weight: 1.5, fillOpacity: 0.05 }; },
    grid: function (f) {
      var town = parseInt(f.properties.code.slice(6, 9), 10) || 0;
      return { color: palette[town % palette.length], weight: 1, fillOpacity: 0.22 };
    }
  };
  var layers = {};
  var bounds = null;
  function load(level) {
    var url = "/api/regions/geojson?within=" + encodeURIComponent(within) +
      (level === "village" ? "&level=village&level=community" : "&level=" + level);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: styles[level],
          onEachFeature: function (f, l) {
            l.bindTooltip(f.properties.name, { sticky: true });
            l.on("click", function () { window.location.href = "/regions/" + f.properties.code + "/"; });
          }
        });
        layers[level] = layer;
        el.dataset["count" + level.charAt(0).toUpperCase() + level.slice(1)] = data.features.length;
        var b = layer.getBounds();
        if (b.isValid()) { bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); }
        return layer;
      });
  }
  var wanted = (el.dataset.layers || "grid").split(",").filter(Boolean);
  Promise.all(wanted.map(load)).then(function () {
    document.querySelectorAll("input[data-layer]").forEach(function (box) {
      var layer = layers[box.dataset.layer];
      if (box.checked && layer) { layer.addTo(map); }
      box.addEventListener("change", function () {
        if (box.checked) { layer.addTo(map); } else { map.removeLayer(layer); }
      });
    });
    if (bounds) { map.fitBounds(bounds, { padding: [8, 8] }); }
    el.dataset.ready = "1";
  }).catch(function (e) {
    if (status) { status.textContent = "⚠ " + e; }
    el.dataset.ready = "error";
  });
}());
