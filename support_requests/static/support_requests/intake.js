// The intake form's screening question: show the right route at once when it is chosen.
(function () {
  "use strict";
  function update() {
    var chosen = document.querySelector("input[name=need]:checked");
    var need = chosen ? chosen.value : "peer_support";
    document.querySelectorAll(".screening-note").forEach(function (note) {
      note.classList.toggle("d-none", note.dataset.need !== need);
    });
    var intake = document.getElementById("intake-fields");
    if (intake) { intake.disabled = need !== "peer_support"; }
  }
  document.querySelectorAll("input[name=need]").forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();
