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
