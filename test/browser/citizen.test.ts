import { mainJourneys } from './support/routes';
import { citizenJourneys } from './support/suites';

/**
 * A resident's journeys in a real browser with JavaScript on, in English: every page and error state
 * checked (support/checks.ts). The routes are the kit's personas (support/routes.ts).
 */
citizenJourneys({ javaScript: true, personas: mainJourneys() });
