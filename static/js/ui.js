// The design system's one behaviour: an error summary takes focus when the page loads, so a screen
// reader reads it first and the keyboard starts there. Everything works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
