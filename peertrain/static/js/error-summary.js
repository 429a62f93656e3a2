// A page shown again with errors: move the focus to its error summary, so keyboard and
// screen-reader users start at the list of what to correct (each item links to its field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary[tabindex='-1']");
  if (summary) {
    summary.focus();
  }
});
