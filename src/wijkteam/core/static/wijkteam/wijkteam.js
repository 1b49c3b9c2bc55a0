// Behaviour that would otherwise be inline script: the Content Security Policy allows scripts
// from our own static files only (no inline handlers, no hx-on, no eval).
"use strict";

// The plan panel shows a refused change (400 invalid input, 409 stale version or illegal
// transition) in place: the server answers with the re-rendered form and its error messages.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if ((status === 400 || status === 409) && event.target.closest(".plan-panel")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A refused form comes back with a summary of what is wrong at its top (tabindex="-1"). The
// focus goes there, so keyboard and screen-reader users start at the errors instead of the top
// of the page, and each error's link takes them to its field (the GOV.UK error summary).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary[tabindex='-1']");
  if (summary && !document.querySelector("[autofocus]")) {
    summary.focus();
  }
});
