/* Fiche of a place (progressive enhancement): « Partager » through the system share sheet where there is one,
 * « Copier le lien » where the clipboard can be written. Without them the address stays in its read-only field. */
(function () {
    'use strict';

    var block = document.querySelector('.place-share');
    if (!block) {
        return;
    }

    var url = block.getAttribute('data-url');
    var title = block.getAttribute('data-title') || document.title;
    var share = document.getElementById('partager-fiche');
    var copy = document.getElementById('copier-lien');
    var status = document.getElementById('partage-etat');
    var field = document.getElementById('lien-fiche');
    var shown = false;

    function say(text) {
        if (status) {
            status.textContent = text;
        }
    }

    if (share && typeof navigator.share === 'function') {
        share.hidden = false;
        shown = true;
        share.addEventListener('click', function () {
            navigator.share({ title: title, url: url }).catch(function () { /* closed by the person: nothing to say */ });
        });
    }

    if (copy && navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
        copy.hidden = false;
        shown = true;
        copy.addEventListener('click', function () {
            navigator.clipboard.writeText(url).then(function () {
                say('Le lien est copié.');
            }, function () {
                if (field) {
                    field.focus();
                    field.select();
                }
                say('Le lien n\u2019a pas pu être copié : il est sélectionné dans le champ, copiez-le vous-même.');
            });
        });
    }

    block.hidden = !shown;
}());
