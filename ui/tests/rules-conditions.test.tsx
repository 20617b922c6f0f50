// The condition builder writes exactly the JSON the rules engine reads: a field offers only the
// operators of its type, the value input follows the operator, groups nest, line quantifiers
// wrap a line test, and money typed as an amount is stored in minor units.
import { fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { Condition } from "../src/bindings";
import { ConditionBuilder } from "../src/components/rules/ConditionBuilder";
import { OPERATORS } from "../src/domain/ruleFields";
import { FACETS } from "./rules-fixtures";

/** The builder with its own state; `latest()` is what it last wrote. */
function renderBuilder(initial: Condition) {
  let current = initial;
  function Harness() {
    const [value, setValue] = useState<Condition>(initial);
    return (
      <ConditionBuilder
        value={value}
        onChange={(c) => {
          current = c;
          setValue(c);
        }}
        ctx={{ facets: FACETS, problemsAt: () => [] }}
      />
    );
  }
  render(<Harness />);
  return { latest: () => current };
}

const fieldSelects = () => screen.getAllByTestId("condition-field-select") as HTMLSelectElement[];
const operatorSelects = () => screen.getAllByTestId("condition-operator-select") as HTMLSelectElement[];
const optionLabels = (select: HTMLSelectElement) => Array.from(select.options).map((o) => o.textContent);
const valueInput = (i = 0) => screen.getAllByTestId("condition-value-input")[i] as HTMLInputElement;

describe("condition builder", () => {
  it("offers only the operators that fit the chosen field's type", () => {
    renderBuilder({ all: [{ ship_to_country: { equals: "US" } }] });
    expect(optionLabels(operatorSelects()[0])).toEqual(OPERATORS.text.map((o) => o.label));
    expect(optionLabels(operatorSelects()[0])).toContain("starts with");

    fireEvent.change(fieldSelects()[0], { target: { value: "total" } });
    const numberOps = optionLabels(operatorSelects()[0]);
    expect(numberOps).toEqual(OPERATORS.number.map((o) => o.label));
    expect(numberOps).not.toContain("contains");
    expect(numberOps).toContain("is between");

    fireEvent.change(fieldSelects()[0], { target: { value: "payment_status" } });
    expect(optionLabels(operatorSelects()[0])).toEqual(["is", "is not", "is one of", "is not one of"]);
    // A choice field picks its value from the list, not free text.
    expect(valueInput().tagName).toBe("SELECT");
    expect(optionLabels(valueInput() as unknown as HTMLSelectElement)).toEqual(["Payment pending", "Paid", "Partially refunded", "Refunded"]);

    fireEvent.change(fieldSelects()[0], { target: { value: "placed_at" } });
    expect(optionLabels(operatorSelects()[0])).toContain("is within the last");
    expect(optionLabels(operatorSelects()[0])).not.toContain("is at least");
  });

  it("switching a field of the same kind keeps the test; another kind starts fresh", () => {
    const b = renderBuilder({ all: [{ ship_to_country: { one_of: ["US", "CA"] } }] });
    fireEvent.change(fieldSelects()[0], { target: { value: "ship_to_region" } });
    expect(b.latest()).toEqual({ all: [{ ship_to_region: { one_of: ["US", "CA"] } }] });
    fireEvent.change(fieldSelects()[0], { target: { value: "gift" } });
    expect(b.latest()).toEqual({ all: [{ gift: { equals: true } }] });
  });

  it("changing the operator changes the value input and keeps what still fits", () => {
    const b = renderBuilder({ all: [{ ship_to_country: { equals: "US" } }] });
    expect(valueInput().type).toBe("text");

    fireEvent.change(operatorSelects()[0], { target: { value: "one_of" } });
    expect(b.latest()).toEqual({ all: [{ ship_to_country: { one_of: ["US"] } }] });
    // A list of texts is edited as chips.
    fireEvent.change(valueInput(), { target: { value: "CA" } });
    fireEvent.keyDown(valueInput(), { key: "Enter" });
    expect(b.latest()).toEqual({ all: [{ ship_to_country: { one_of: ["US", "CA"] } }] });

    fireEvent.change(operatorSelects()[0], { target: { value: "is_blank" } });
    expect(b.latest()).toEqual({ all: [{ ship_to_country: { is_blank: true } }] });
    expect(screen.queryByTestId("condition-value-input")).toBeNull();

    fireEvent.change(fieldSelects()[0], { target: { value: "total_weight_g" } });
    fireEvent.change(operatorSelects()[0], { target: { value: "between" } });
    expect(screen.getByTestId("condition-value-max")).toBeTruthy();
    fireEvent.change(screen.getByTestId("condition-value-max"), { target: { value: "2000" } });
    expect(b.latest()).toEqual({ all: [{ total_weight_g: { between: { min: 0, max: 2000 } } }] });

    fireEvent.change(fieldSelects()[0], { target: { value: "ship_by" } });
    fireEvent.change(operatorSelects()[0], { target: { value: "before" } });
    expect(valueInput().type).toBe("date");
    fireEvent.change(valueInput(), { target: { value: "2025-03-01" } });
    const test = (b.latest() as { all: [{ ship_by: { before: string } }] }).all[0].ship_by;
    expect(new Date(test.before).getTime()).toBe(new Date("2025-03-01T00:00:00").getTime());
  });

  it("adds a nested any-group inside an all-group, and conditions inside it", () => {
    const b = renderBuilder({ all: [{ total: { gte: 100 } }] });
    fireEvent.click(screen.getByTestId("add-any-group"));
    expect(b.latest()).toEqual({ all: [{ total: { gte: 100 } }, { any: [{ ship_to_country: { equals: "" } }] }] });

    const group = screen.getByTestId("condition-group");
    expect(group.getAttribute("data-group")).toBe("any");
    fireEvent.click(within(group).getByTestId("add-condition"));
    fireEvent.change(within(group).getAllByTestId("condition-value-input")[1], { target: { value: "CA" } });
    expect(b.latest()).toEqual({
      all: [{ total: { gte: 100 } }, { any: [{ ship_to_country: { equals: "" } }, { ship_to_country: { equals: "CA" } }] }],
    });
  });

  it("a line quantifier with SKU starts-with writes exactly {any_line: {sku: {starts_with}}}", () => {
    const b = renderBuilder({ all: [{ ship_to_country: { equals: "US" } }] });
    fireEvent.change(fieldSelects()[0], { target: { value: "any_line" } });
    // The quantifier's own select, then the line test's field, operator and value.
    expect(fieldSelects().map((s) => s.value)).toEqual(["any_line", "sku"]);
    fireEvent.change(operatorSelects()[0], { target: { value: "starts_with" } });
    fireEvent.change(valueInput(), { target: { value: "SOFA-" } });
    const written = (b.latest() as { all: Condition[] }).all[0];
    expect(JSON.stringify(written)).toBe('{"any_line":{"sku":{"starts_with":"SOFA-"}}}');

    // Every line / no line keep the line test.
    fireEvent.change(fieldSelects()[0], { target: { value: "no_line" } });
    expect((b.latest() as { all: Condition[] }).all[0]).toEqual({ no_line: { sku: { starts_with: "SOFA-" } } });
  });

  it("money typed as an amount is stored in minor units: 500.00 becomes 50000", () => {
    const b = renderBuilder({ all: [{ total: { gte: 0 } }] });
    fireEvent.change(valueInput(), { target: { value: "500.00" } });
    expect(b.latest()).toEqual({ all: [{ total: { gte: 50000 } }] });
    fireEvent.change(valueInput(), { target: { value: "$1,250.5" } });
    expect(b.latest()).toEqual({ all: [{ total: { gte: 125050 } }] });

    // Text that is not an amount is marked and never reaches the rule.
    fireEvent.change(valueInput(), { target: { value: "lots" } });
    expect(valueInput().getAttribute("aria-invalid")).toBe("true");
    expect(b.latest()).toEqual({ all: [{ total: { gte: 125050 } }] });
  });

  it("the root can match every order, or turn a single condition into a group", () => {
    const b = renderBuilder({ gift: { equals: true } });
    fireEvent.click(screen.getByTestId("add-condition"));
    expect(b.latest()).toEqual({ all: [{ gift: { equals: true } }, { ship_to_country: { equals: "" } }] });
    fireEvent.change(screen.getByTestId("condition-root-mode"), { target: { value: "any" } });
    expect(b.latest()).toEqual({ any: [{ gift: { equals: true } }, { ship_to_country: { equals: "" } }] });
    fireEvent.change(screen.getByTestId("condition-root-mode"), { target: { value: "always" } });
    expect(b.latest()).toBe("always");
  });

  it("NOT wraps a row and unwraps it again", () => {
    const b = renderBuilder({ all: [{ gift: { equals: true } }, { total: { gte: 100 } }] });
    fireEvent.click(screen.getAllByTestId("condition-not")[1]);
    expect(b.latest()).toEqual({ all: [{ gift: { equals: true } }, { not: { total: { gte: 100 } } }] });
    fireEvent.click(screen.getAllByTestId("condition-not")[1]);
    expect(b.latest()).toEqual({ all: [{ gift: { equals: true } }, { total: { gte: 100 } }] });
  });
});
