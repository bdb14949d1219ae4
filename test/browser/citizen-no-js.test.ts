import { mainJourneys } from './support/routes';
import { citizenJourneys } from './support/suites';

/** The same journeys with JavaScript disabled: every page must work, and pass axe, without it. */
citizenJourneys({ javaScript: false, personas: mainJourneys() });
