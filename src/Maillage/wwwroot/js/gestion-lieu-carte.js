/* Position of a place on the back-office form (progressive enhancement).
 * The latitude and longitude fields always work on their own; this script adds a Leaflet map whose marker can be
 * dragged (or placed by a click) and writes the new position into those fields, and follows what is typed in them.
 * Without JavaScript, or when Leaflet did not load, the map stays hidden. Unreachable tiles leave a grey background. */
(function () {
    'use strict';

    var block = document.getElementById('lieu-carte-bloc');
    var container = document.getElementById('lieu-carte');
    var latInput = document.getElementById('Input_Latitude');
    var lonInput = document.getElementById('Input_Longitude');
    if (!block || !container || !latInput || !lonInput || typeof window.L === 'undefined') {
        return;
    }

    var L = window.L;
    var FRANCE = [46.6, 2.4];

    function read() {
        var lat = parseFloat((latInput.value || '').replace(',', '.'));
        var lon = parseFloat((lonInput.value || '').replace(',', '.'));
        return isFinite(lat) && isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 ? [lat, lon] : null;
    }

    function write(latLng) {
        latInput.value = latLng.lat.toFixed(6);
        lonInput.value = latLng.lng.toFixed(6);
    }

    block.hidden = false;
    try {
        var start = read();
        var map = L.map(container, { zoomControl: false, scrollWheelZoom: false });
        L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
        map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
        var tiles = container.getAttribute('data-tile-url');
        if (tiles) {
            L.tileLayer(tiles, { attribution: container.getAttribute('data-attribution') || '', maxZoom: 19 }).addTo(map);
        }

        map.setView(start || FRANCE, start ? 16 : 5);
        var marker = null;

        function place(latLng) {
            if (marker) {
                marker.setLatLng(latLng);
                return;
            }

            marker = L.marker(latLng, { draggable: true, title: 'Position du lieu', alt: 'Position du lieu' }).addTo(map);
            marker.on('dragend', function () {
                write(marker.getLatLng());
            });
        }

        if (start) {
            place(start);
        }

        map.on('click', function (event) {
            place(event.latlng);
            write(event.latlng);
        });

        function follow() {
            var typed = read();
            if (typed) {
                place(typed);
                map.panTo(typed);
            }
        }

        latInput.addEventListener('change', follow);
        lonInput.addEventListener('change', follow);
    } catch (e) {
        // A map that cannot be drawn is not shown: the fields remain.
        block.hidden = true;
        if (window.console) {
            window.console.error(e);
        }
    }
}());
