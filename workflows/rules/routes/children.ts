/**
 * The child criteria, every nation [S1, S8, S4, BBDS-CIT, T1, W1]. The age limit is applied before
 * these run (ages.ts), so here only the need is checked.
 */
import type { RouteEvaluator } from '../context';

export const childWithBulkyEquipment: RouteEvaluator = ({ facts }) =>
  facts.conditions?.child?.bulkyMedicalEquipment === true
    ? { reason: 'Is a young child who must always be accompanied by bulky medical equipment.' }
    : null;

export const childNeedingVehicleNear: RouteEvaluator = ({ facts }) =>
  facts.conditions?.child?.needsVehicleNearForTreatment === true
    ? { reason: 'Is a young child who must be kept near a vehicle for emergency medical treatment.' }
    : null;
