/* Activity form: shows only what the chosen type, place kind and themes need. Without JavaScript every section stays
 * visible and labelled, and the server ignores what does not apply. */
(function () {
    'use strict';
    var form = document.querySelector('[data-activity-form]');
    if (!form) {
        return;
    }

    function checked(selector) {
        var input = form.querySelector(selector + ':checked');
        return input ? input.value : '';
    }

    // A hidden section sends nothing: a value left in it must not surprise the person with an error they cannot see.
    function show(section, visible) {
        section.hidden = !visible;
        section.querySelectorAll('input, select, textarea').forEach(function (field) {
            field.disabled = !visible;
        });
    }

    function update() {
        var type = checked('[data-activity-type]');
        form.querySelectorAll('[data-for]').forEach(function (section) {
            show(section, section.getAttribute('data-for') === type);
        });
        var location = checked('[data-activity-location]');
        form.querySelectorAll('[data-location-for]').forEach(function (section) {
            show(section, section.getAttribute('data-location-for').split(' ').indexOf(location) >= 0);
        });
        var procedures = form.querySelector('[data-theme="AdministrativeProcedures"]');
        var section = form.querySelector('[data-procedures]');
        if (procedures && section) {
            show(section, procedures.checked);
        }
        var other = form.querySelector('[data-duration-other]');
        var otherField = form.querySelector('#Form_OtherDuration');
        if (other && otherField) {
            show(otherField.closest('.field'), other.checked);
        }
    }

    form.addEventListener('change', update);
    update();

    var summary = document.getElementById('erreurs');
    if (summary) {
        summary.focus();
    }
}());
