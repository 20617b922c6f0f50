// Held orders: grouped by reason, age and time left before ship-by.
export function HeldPage() {
  return <section className="page" data-testid="held-page" />;
}
