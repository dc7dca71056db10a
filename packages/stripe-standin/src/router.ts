import { customerRoutes } from "./resources/customers";
import { invoiceItemRoutes } from "./resources/invoice-items";
import { invoiceRoutes } from "./resources/invoices";
import type { RouteDefinition } from "./route";

export interface RouteMatch {
  route: RouteDefinition;
  pathParams: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

/** The Stripe v1 subset Tally uses. */
const routes: RouteDefinition[] = [...customerRoutes, ...invoiceItemRoutes, ...invoiceRoutes];

const compiled: CompiledRoute[] = routes.map((route) => {
  const names: string[] = [];
  const source = route.path
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) {
        names.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment;
    })
    .join("/");
  return { route, pattern: new RegExp(`^${source}$`), names };
});

export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const candidate of compiled) {
    if (candidate.route.method !== method) {
      continue;
    }
    const found = candidate.pattern.exec(path);
    if (found === null) {
      continue;
    }
    const pathParams: Record<string, string> = {};
    candidate.names.forEach((name, index) => {
      pathParams[name] = safeDecode(found[index + 1] ?? "");
    });
    return { route: candidate.route, pathParams };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
