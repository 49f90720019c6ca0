// « Mes statistiques »: typing a date chooses the custom period (without JavaScript, the person ticks it themselves).
(function () {
    "use strict";
    var custom = document.getElementById("periode-personnalisee");
    if (!custom) {
        return;
    }

    ["du", "au"].forEach(function (id) {
        var field = document.getElementById(id);
        if (field) {
            field.addEventListener("change", function () {
                custom.checked = true;
            });
        }
    });
})();
