// An order tag; with `onRemove` it carries its own small remove button.
export function TagChip({ tag, onRemove, disabled }: { tag: string; onRemove?: () => void; disabled?: boolean }) {
  return (
    <span className="chip" data-tag={tag}>
      {tag}
      {onRemove && (
        <button
          type="button"
          className="chip-x"
          aria-label={`Remove tag ${tag}`}
          data-testid="action-remove-tag"
          disabled={disabled}
          onClick={onRemove}
        >
          ×
        </button>
      )}
    </span>
  );
}
