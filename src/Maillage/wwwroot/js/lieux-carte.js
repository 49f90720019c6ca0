/* Map of the results of /lieux (progressive enhancement).
 * The server renders the list; this script reads its items (data-lat, data-lon, data-name, data-url) so that the map
 * always shows the same places as the list, with no second query. Without JavaScript, or if Leaflet did not load,
 * the map block stays hidden and the list is the whole page. */
(function () {
    'use strict';

    var block = document.getElementById('carte-bloc');
    var container = document.getElementById('carte-lieux');
    var list = document.getElementById('liste-lieux');
    if (!block || !container || !list || typeof window.L === 'undefined' || typeof window.L.markerClusterGroup !== 'function') {
        return;
    }

    var L = window.L;
    var linkTarget = container.getAttribute('data-link-target');
    var places = [];
    Array.prototype.forEach.call(list.querySelectorAll('li[data-lat][data-lon][data-url]'), function (item) {
        var lat = parseFloat(item.getAttribute('data-lat'));
        var lon = parseFloat(item.getAttribute('data-lon'));
        if (isFinite(lat) && isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
            places.push({ lat: lat, lon: lon, name: item.getAttribute('data-name') || '', url: item.getAttribute('data-url') });
        }
    });
    if (places.length === 0) {
        return;
    }

    // Shown before Leaflet measures the container.
    block.hidden = false;
    try {
        var map = L.map(container, { zoomControl: false, scrollWheelZoom: false });
        L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
        map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');

        // Unreachable tiles only leave the grey background: the markers still show.
        var tiles = container.getAttribute('data-tile-url');
        if (tiles) {
            L.tileLayer(tiles, { attribution: container.getAttribute('data-attribution') || '', maxZoom: 19 }).addTo(map);
        }

        var group = L.markerClusterGroup({
            showCoverageOnHover: false,
            iconCreateFunction: function (cluster) {
                var count = cluster.getChildCount();
                return L.divIcon({
                    html: '<span>' + count + '<span class="visually-hidden"> lieux, zoomer</span></span>',
                    className: 'places-cluster',
                    iconSize: L.point(40, 40)
                });
            }
        });

        var bounds = [];
        places.forEach(function (place) {
            var marker = L.marker([place.lat, place.lon], { title: place.name, alt: place.name });
            var content = document.createElement('p');
            content.className = 'places-map-popup';
            var link = document.createElement('a');
            link.href = place.url;
            link.textContent = place.name;
            if (linkTarget === '_blank') {
                // Embedded on a partner's site: the fiche opens in a new tab, as the list's links do.
                link.target = '_blank';
                link.rel = 'noopener';
                var hint = document.createElement('span');
                hint.className = 'visually-hidden';
                hint.textContent = ' (nouvel onglet)';
                link.appendChild(hint);
            }
            content.appendChild(link);
            marker.bindPopup(content);
            group.addLayer(marker);
            bounds.push([place.lat, place.lon]);
        });

        map.addLayer(group);
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
    } catch (e) {
        // A map that cannot be drawn is not shown: the list remains.
        block.hidden = true;
        if (window.console) {
            window.console.error(e);
        }
    }
}());
