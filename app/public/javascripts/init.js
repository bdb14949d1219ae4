/* global document */
// Progressive enhancement only: every page works without JavaScript.
import { initAll } from './govuk-frontend.min.js';
import { initTimeoutWarning } from './timeout-warning.js';

initAll();
initTimeoutWarning(document);
