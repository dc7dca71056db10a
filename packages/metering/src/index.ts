export * from "./alerts";
export * from "./jobs";
export * from "./subscriptions";
export * from "./usage";
