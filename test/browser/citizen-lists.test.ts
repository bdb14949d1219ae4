import { mainJourneys, moreJourneys } from './support/routes';
import { citizenJourneys } from './support/suites';

/**
 * The longer journeys, with JavaScript on: walking difficulty (with its "add another" lists) and an
 * organisation. Pages citizen.test.ts audits already get the quick checks here.
 */
citizenJourneys({ javaScript: true, personas: moreJourneys(), coveredBy: mainJourneys() });
