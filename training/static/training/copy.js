// Copies the calendar feed address to the clipboard (CSP: no inline script).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-target]");
  if (!button) return;
  var field = document.getElementById(button.dataset.copyTarget);
  var status = document.getElementById("copy-status");
  field.select();
  navigator.clipboard.writeText(field.value).then(
    function () { if (status) status.textContent = "Address copied."; },
    function () { if (status) status.textContent = "Select the address and copy it."; }
  );
});
