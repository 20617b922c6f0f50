// The values a field's inputs offer: fixed choices (payment status, address check, channels from
// the workspace) and typing suggestions (countries, currencies, tags, carriers).
import type { Facets } from "../../bindings";
import {
  addressCheckChoices,
  COUNTRY_SUGGESTIONS,
  CURRENCY_SUGGESTIONS,
  paymentChoices,
  SERVICE_SUGGESTIONS,
  type Choice,
  type FieldSpec,
} from "../../domain/ruleFields";

export function choicesFor(spec: FieldSpec, facets: Facets): Choice[] {
  switch (spec.options) {
    case "payment_status":
      return paymentChoices();
    case "address_check":
      return addressCheckChoices();
    case "channel":
      return facets.channels.map((c) => ({ value: c.id, label: c.name }));
    default:
      return [];
  }
}

export function suggestionsFor(spec: FieldSpec, facets: Facets): string[] {
  switch (spec.suggest) {
    case "country":
      return COUNTRY_SUGGESTIONS;
    case "currency":
      return CURRENCY_SUGGESTIONS;
    case "order_tag":
      return facets.tags;
    case "service":
      return SERVICE_SUGGESTIONS;
    default:
      return [];
  }
}
