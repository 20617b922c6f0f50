// The rule editor: rules per stage, edited in forms, tested and dry-run before saving.
export function RulesPage() {
  return <section className="page" data-testid="rules-page" />;
}
