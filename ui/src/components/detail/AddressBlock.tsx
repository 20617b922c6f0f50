// An address as it would be written on the label.
import type { Address } from "../../bindings";
import { addressLines } from "../../format/address";

export function AddressBlock({ address, testId }: { address: Address; testId?: string }) {
  return (
    <address className="address" data-testid={testId}>
      {addressLines(address).map((l, i) => (
        <div key={i}>{l}</div>
      ))}
      {address.phone && <div className="muted">{address.phone}</div>}
      {address.residential !== null && <div className="muted small">{address.residential ? "Residential" : "Business"}</div>}
    </address>
  );
}
