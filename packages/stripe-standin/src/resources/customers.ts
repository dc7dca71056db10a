import { resourceMissing } from "../errors";
import { newId } from "../ids";
import type { ExecutionContext, RouteDefinition } from "../route";
import { ok } from "../route";
import type { CustomerRecord, StandinStore } from "../state";
import { paginate, readPageParams } from "./list";

export function renderCustomer(record: CustomerRecord) {
  return {
    id: record.id,
    object: "customer" as const,
    address: null,
    balance: 0,
    created: record.created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: record.description,
    discount: null,
    email: record.email,
    invoice_prefix: record.id.slice(4, 12).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: { ...record.metadata },
    name: record.name,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none" as const,
    test_clock: null,
  };
}

export function findCustomer(store: StandinStore, id: string, param?: string): CustomerRecord {
  const customer = store.customers.get(id);
  if (customer === undefined) {
    throw resourceMissing("customer", id, param, param === undefined ? 404 : 400);
  }
  return customer;
}

export const customerRoutes: RouteDefinition[] = [
  {
    method: "POST",
    path: "/v1/customers",
    prepare(params) {
      const name = params.string("name", 256) ?? null;
      const email = params.string("email", 512) ?? null;
      const description = params.string("description", 350) ?? null;
      const metadata = params.metadata() ?? {};
      return (context: ExecutionContext) => {
        const record: CustomerRecord = {
          id: newId("cus"),
          created: context.now(),
          name,
          email,
          description,
          metadata,
        };
        context.store.customers.set(record.id, record);
        const rendered = renderCustomer(record);
        context.emit("customer.created", rendered);
        return ok(rendered);
      };
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id",
    prepare(_params, path) {
      const id = path.id ?? "";
      return (context) => ok(renderCustomer(findCustomer(context.store, id)));
    },
  },
  {
    method: "GET",
    path: "/v1/customers",
    prepare(params) {
      const page = readPageParams(params);
      const email = params.string("email", 512) ?? undefined;
      return (context) => {
        const records = [...context.store.customers.values()].filter(
          (customer) => email === undefined || customer.email === email,
        );
        return ok(paginate(records, page, "/v1/customers", renderCustomer));
      };
    },
  },
];
