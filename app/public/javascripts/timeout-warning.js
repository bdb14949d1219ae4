/* global window, setTimeout, clearTimeout, fetch, BroadcastChannel, localStorage */
// The session timeout warning (see app/routes/session-timeout.ts). Progressive enhancement: without
// JavaScript the session still ends after the idle time, and the next page explains it.

const CHANNEL = 'app-session-timeout';

/**
 * Messages to and from the resident's other tabs of the service, which share one session: a
 * BroadcastChannel, or where there is none, the `storage` event of a localStorage key. Returns `tell`.
 */
function tabChannel(hear) {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(CHANNEL);
    channel.addEventListener('message', (event) => hear(event.data));
    return (message) => channel.postMessage(message);
  }
  window.addEventListener('storage', (event) => {
    if (event.key !== CHANNEL || !event.newValue) return;
    try {
      hear(JSON.parse(event.newValue));
    } catch {
      // Not a message of ours.
    }
  });
  return (message) => {
    try {
      // A fresh value each time: the event fires only when the stored value changes.
      localStorage.setItem(CHANNEL, JSON.stringify({ ...message, nonce: Math.random() }));
    } catch {
      // Storage is off: this tab keeps its own time, as it would alone.
    }
  };
}

/**
 * Shows the warning (a modal <dialog>) before the session ends; "Continue" extends it; then the timeout
 * page. Every tab counts from the session's last activity, wherever it happened: a page loaded or
 * "Continue" in one tab resets the warning in the others, and the tab that reaches the timeout sends the
 * others to the timeout page too (a background tab's timers can run late).
 */
export function initTimeoutWarning(document) {
  const dialog = document.querySelector('[data-module="app-timeout-warning"]');
  if (!dialog || typeof dialog.showModal !== 'function') return;
  const timeoutMs = Number(dialog.dataset.timeoutSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  // This page's request moved the session's expiry on: the last activity is now.
  let lastActivity = Date.now();
  let warnTimer;
  let endTimer;

  let ended = false;

  // Once: the other tabs' own timeouts arrive as this tab leaves, and must not restart its navigation.
  const end = (announce) => {
    if (ended) return;
    ended = true;
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    if (announce) tell({ type: 'timeout', at: lastActivity });
    window.location.assign(dialog.dataset.timeoutUrl);
  };

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    const idleMs = Date.now() - lastActivity;
    warnTimer = setTimeout(
      () => {
        if (!dialog.open) dialog.showModal();
      },
      timeoutMs - warningMs - idleMs,
    );
    endTimer = setTimeout(() => end(true), timeoutMs - idleMs);
  };

  const tell = tabChannel((message) => {
    if (!message || typeof message.at !== 'number') return;
    if (message.type === 'activity' && message.at > lastActivity) {
      lastActivity = message.at;
      if (dialog.open) dialog.close();
      schedule();
    }
    // Unless this tab knows of later activity, which the other had not heard of.
    if (message.type === 'timeout' && message.at >= lastActivity) end(false);
  });

  const active = () => {
    lastActivity = Date.now();
    tell({ type: 'activity', at: lastActivity });
    schedule();
  };

  const extend = async () => {
    if (dialog.open) dialog.close();
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (!response.ok) throw new Error(`keep-alive answered ${response.status}`);
      active();
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
  active();
  // As govuk-frontend marks the components it has set up.
  dialog.setAttribute('data-app-timeout-warning-init', '');
}
