// The design system's one behaviour: an error summary takes focus when the page loads, so a screen
// reader reads it first and the keyboard starts there. Everything works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});

// A table that becomes cards on a phone labels each cell with its column. Templates write the
// labels themselves on the main pages; this fills in any a template left out.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.ps-table-cards").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && headings[i]) {
          cell.setAttribute("data-label", headings[i]);
        }
      });
    });
  });
});
