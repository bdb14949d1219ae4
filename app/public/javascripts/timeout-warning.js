/* global window, setTimeout, clearTimeout, fetch */
// The session timeout warning (see app/routes/session-timeout.ts). Progressive enhancement: without
// JavaScript the session still ends after the idle time, and the next page explains it.

/** Shows the warning (a modal <dialog>) before the session ends; "Continue" extends it; then the timeout page. */
export function initTimeoutWarning(document) {
  const dialog = document.querySelector('[data-module="app-timeout-warning"]');
  if (!dialog || typeof dialog.showModal !== 'function') return;
  const timeoutMs = Number(dialog.dataset.timeoutSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  let warnTimer;
  let endTimer;

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => {
      if (!dialog.open) dialog.showModal();
    }, timeoutMs - warningMs);
    endTimer = setTimeout(() => window.location.assign(dialog.dataset.timeoutUrl), timeoutMs);
  };

  const extend = async () => {
    if (dialog.open) dialog.close();
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (!response.ok) throw new Error(`keep-alive answered ${response.status}`);
      schedule();
    } catch {
      // The session could not be extended: it ends as planned, and the timeout page says so.
    }
  };

  dialog.querySelector('.js-timeout-continue').addEventListener('click', (event) => {
    event.preventDefault();
    extend();
  });
  // Escape closes the dialog: take it as "Continue", as the HMRC timeout dialog does.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    extend();
  });
  schedule();
  // As govuk-frontend marks the components it has set up.
  dialog.setAttribute('data-app-timeout-warning-init', '');
}
