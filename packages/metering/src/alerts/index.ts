export { type AlertItem, type ListAlertsInput, listAlerts } from "./list-alerts";
export { type MarkAlertsReadInput, markAlertsRead } from "./mark-alerts-read";
export { type RaisedAlert, toRaisedAlert } from "./raised-alert";
