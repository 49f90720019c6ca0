// Named file form: shows the age band while the birth year is typed (the server shows it too after posting).
(function () {
  'use strict';
  var input = document.getElementById('Input_BirthYear');
  var output = document.getElementById('Input_BirthYear-age');
  if (!input || !output) {
    return;
  }

  var thisYear = parseInt(input.getAttribute('data-this-year'), 10);
  var bands = [[12, 'Moins de 12 ans'], [18, '12-17 ans'], [25, '18-24 ans'], [40, '25-39 ans'], [60, '40-59 ans'], [70, '60-69 ans']];

  function update() {
    var text = input.value.trim();
    var year = /^\d{4}$/.test(text) ? parseInt(text, 10) : NaN;
    if (isNaN(year) || year < 1900 || year > thisYear) {
      output.textContent = '';
      return;
    }

    var age = thisYear - year;
    var label = '70 ans et plus';
    for (var i = 0; i < bands.length; i++) {
      if (age < bands[i][0]) {
        label = bands[i][1];
        break;
      }
    }

    output.textContent = "Tranche d'âge : " + label;
  }

  input.addEventListener('input', update);
})();
