/* Search form of /lieux (progressive enhancement; the form works without it).
 * - « Autour de moi »: asks the browser's position and submits the form with lat and lon.
 * - Commune suggestions: fills the datalist of the field from a small JSON list as the person types. */
(function () {
    'use strict';

    var form = document.getElementById('recherche-lieux');
    if (!form) {
        return;
    }

    var where = document.getElementById('ou');
    var around = form.querySelector('.places-around');
    var button = document.getElementById('autour-de-moi');
    var status = document.getElementById('autour-de-moi-etat');

    function say(text) {
        if (status) {
            status.textContent = text;
        }
    }

    function setHidden(name, value) {
        var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
        if (!input) {
            input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            form.appendChild(input);
        }
        input.value = value;
    }

    if (around && button && navigator.geolocation) {
        around.hidden = false;
        button.addEventListener('click', function () {
            button.disabled = true;
            say('Recherche de votre position…');
            navigator.geolocation.getCurrentPosition(function (position) {
                setHidden('lat', position.coords.latitude.toFixed(5));
                setHidden('lon', position.coords.longitude.toFixed(5));
                // The point replaces the commune typed, if any.
                if (where) {
                    where.value = '';
                }
                say('Position trouvée : recherche des lieux autour de vous…');
                form.submit();
            }, function (error) {
                button.disabled = false;
                if (error && error.code === 1) {
                    say('Vous n\u2019avez pas autorisé votre navigateur à donner votre position. Écrivez votre commune ou votre code postal.');
                } else if (error && error.code === 3) {
                    say('Votre position n\u2019a pas pu être trouvée à temps. Réessayez, ou écrivez votre commune ou votre code postal.');
                } else {
                    say('Votre position n\u2019a pas pu être trouvée. Écrivez votre commune ou votre code postal.');
                }
            }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
        });
    }

    var list = document.getElementById('communes-suggestions');
    var url = form.getAttribute('data-communes-url');
    if (!where || !list || !url || typeof window.fetch !== 'function') {
        return;
    }

    var timer = null;
    var last = '';
    where.addEventListener('input', function () {
        var term = where.value.trim();
        if (timer) {
            window.clearTimeout(timer);
        }
        if (term.length < 2 || /^[0-9]+$/.test(term) || term === last) {
            return;
        }
        timer = window.setTimeout(function () {
            last = term;
            window.fetch(url + '&q=' + encodeURIComponent(term), { headers: { Accept: 'application/json' } })
                .then(function (response) { return response.ok ? response.json() : []; })
                .then(function (communes) {
                    while (list.firstChild) {
                        list.removeChild(list.firstChild);
                    }
                    communes.forEach(function (commune) {
                        var option = document.createElement('option');
                        option.value = commune.nom;
                        option.label = commune.nom + ' (' + commune.codesPostaux.split(',').join(', ') + ')';
                        list.appendChild(option);
                    });
                })
                .catch(function () { /* suggestions are a comfort: typing still works */ });
        }, 200);
    });
}());
