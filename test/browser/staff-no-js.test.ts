import { officerJourneys } from './support/suites';

/** The same officer journeys with JavaScript disabled. */
officerJourneys({ javaScript: false });
