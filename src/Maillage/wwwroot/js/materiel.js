// Fleet: a « Imprimer » button on the label sheets (the page prints without it, from the browser's menu).
document.querySelectorAll('[data-print]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
