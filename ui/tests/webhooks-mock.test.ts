// The browser mock's webhook endpoints keep the backend's promises the screen is judged against:
// the URL rule and event list, a secret returned on add and never listed, a 410'd endpoint shown
// disabled with why, and removal dropping what was owed.
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, MockWebhooks } from "../src/mock/webhooks";

describe("mock webhooks backend", () => {
  it("starts with a healthy endpoint, a failing one and one disabled by a 410", () => {
    const view = new MockWebhooks().view();
    expect(view.event_types).toEqual(EVENT_TYPES);
    expect(view.endpoints.map((e) => e.endpoint.enabled)).toEqual([true, true, false]);
    expect(view.endpoints[2].endpoint.disabled_reason).toContain("410");
    expect(view.endpoints[1].deliveries.last_error).toMatch(/503/);
  });

  it("refuses a bad URL or unknown event naming the field, and lists a new endpoint without its secret", () => {
    const hooks = new MockWebhooks();
    expect(() => hooks.add("ftp://x.example", ["order.shipped"])).toThrow(expect.objectContaining({ code: "invalid_input", message: expect.stringMatching(/^url:/) }));
    expect(() => hooks.add("https://x.example", [])).toThrow(expect.objectContaining({ message: expect.stringMatching(/^events:/) }));
    expect(() => hooks.add("https://x.example", ["order.exploded"])).toThrow(expect.objectContaining({ message: expect.stringMatching(/^events:/) }));
    const added = hooks.add(" https://x.example/in ", ["sync.failed", "order.held"]);
    expect(added.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(added.endpoint.events).toEqual(["order.held", "sync.failed"]);
    expect(JSON.stringify(hooks.view())).not.toContain(added.secret);
  });

  it("disables with who did it, enables, and removal says how much was dropped", () => {
    const hooks = new MockWebhooks();
    const [first, second] = hooks.view().endpoints;
    hooks.disable(first.endpoint.id);
    expect(hooks.view().endpoints[0].endpoint).toMatchObject({ enabled: false, disabled_reason: "disabled by user:ana" });
    hooks.enable(first.endpoint.id);
    expect(hooks.view().endpoints[0].endpoint).toMatchObject({ enabled: true, disabled_reason: null });
    expect(hooks.remove(second.endpoint.id)).toBe(4);
    expect(() => hooks.remove(second.endpoint.id)).toThrow(expect.objectContaining({ code: "not_found" }));
  });
});
