// Agenda: a « Copier le lien » button for the private feed address (the address stays selectable without script).
(function () {
  'use strict';
  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy-target'));
    var status = document.querySelector('[data-copy-status]');
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.value).then(function () {
        if (status) { status.textContent = 'Lien copié.'; }
      }, function () {
        source.select();
        if (status) { status.textContent = 'Copie impossible : sélectionnez le lien et copiez-le.'; }
      });
    });
  });
})();
