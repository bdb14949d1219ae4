import { officerJourneys } from './support/suites';

/** An officer's journeys in a real browser with JavaScript on: every page checked (support/checks.ts). */
officerJourneys({ javaScript: true });
