/* Point picker of the report page: grid outlines, "use my location", tap to place the marker.
   Writes the point into the form's hidden lon/lat inputs and shows which grid it is in. */
(function () {
  "use strict";
  var el = document.getElementById("pick-map");
  if (!el || !window.L) { return; }
  var form = el.closest("form");
  var lon = form.querySelector("input[name=lon]");
  var lat = form.querySelector("input[name=lat]");
  var status = document.getElementById("picked");
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tiles });
  if (el.dataset.tiles) { L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map); }
  var marker = null;

  function place(lng, lt, pan) {
    lon.value = lng.toFixed(6);
    lat.value = lt.toFixed(6);
    if (marker) { marker.setLatLng([lt, lng]); } else { marker = L.marker([lt, lng]).addTo(map); }
    if (pan) { map.setView([lt, lng], Math.max(map.getZoom(), 14)); }
    status.textContent = "…";
    fetch(el.dataset.locate + "?lon=" + lng + "&lat=" + lt, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        status.textContent = res.ok ? "✔ " + res.body.name : "⚠ " + (res.body.detail || el.dataset.msgOutside);
        el.dataset.grid = res.ok ? res.body.code : "";
      });
  }

  fetch(el.dataset.outlines, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: { color: "#0b6e99", weight: 1, fillOpacity: 0.08 },
        onEachFeature: function (f, l) { l.bindTooltip(f.properties.name, { sticky: true }); }
      }).addTo(map);
      if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); }
      if (lon.value && lat.value) { place(parseFloat(lon.value), parseFloat(lat.value), true); }
      el.dataset.ready = "1";
    });

  map.on("click", function (e) { place(e.latlng.lng, e.latlng.lat, false); });
  var button = document.getElementById("use-location");
  if (button) {
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = el.dataset.msgDenied; return; }
      navigator.geolocation.getCurrentPosition(
        function (p) { place(p.coords.longitude, p.coords.latitude, true); },
        function () { status.textContent = el.dataset.msgDenied; },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  }
}());
