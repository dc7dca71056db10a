// The web app and API clients import only this type; nothing here runs.
export type { AppRouter } from "./trpc/root";
