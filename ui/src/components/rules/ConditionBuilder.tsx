// The "when" of a rule as nested rows: all / any groups, NOT, line quantifiers ("any line",
// "every line", "no line") and field tests. Each row offers only the operators that fit its
// field and a value input that fits the operator (see domain/ruleFields.ts).
//
// Internally a node is the stored JSON (`"always"` or a one-key object); the catalogue decides
// what each key may hold, and the result goes back as a `Condition`.
import type { Condition, Facets } from "../../bindings";
import {
  FIELD_GROUPS,
  LINE_FIELDS,
  makeTest,
  OPERATORS,
  operatorOf,
  ORDER_FIELDS,
  QUANTIFIERS,
  retargetTest,
  valueOf,
  type FieldSpec,
  type QuantifierKey,
  type Test,
} from "../../domain/ruleFields";
import type { PlacedProblem } from "./draft";
import { InlineProblems } from "./InlineProblems";
import { choicesFor, suggestionsFor } from "./options";
import { ValueInput } from "./ValueInput";

type Node = string | Record<string, unknown>;
type Scope = "order" | "line";
type GroupKey = "all" | "any";

export type BuilderContext = {
  facets: Facets;
  problemsAt: (path: string) => PlacedProblem[];
};

type NodeProps = { node: Node; path: string; scope: Scope; onChange: (n: Node) => void; ctx: BuilderContext };

const keyOf = (n: Node): string => (typeof n === "string" ? n : (Object.keys(n)[0] ?? ""));
const isGroup = (n: Node): n is Record<GroupKey, Node[]> => (keyOf(n) === "all" || keyOf(n) === "any") && Array.isArray((n as Record<string, unknown>)[keyOf(n)]);
const isQuantifier = (k: string): k is QuantifierKey => k in QUANTIFIERS;
const fieldsOf = (scope: Scope): Record<string, FieldSpec> => (scope === "order" ? ORDER_FIELDS : LINE_FIELDS);

/** What "+ Condition" adds: a blank test that validation asks to fill in. */
export function blankCondition(scope: Scope): Node {
  return scope === "order" ? { ship_to_country: { equals: "" } } : { sku: { equals: "" } };
}

export function ConditionBuilder({ value, onChange, ctx }: { value: Condition; onChange: (c: Condition) => void; ctx: BuilderContext }) {
  return (
    <div className="cond-builder" data-testid="condition-builder">
      <RootNode node={value as Node} onChange={(n) => onChange(n as Condition)} ctx={ctx} />
    </div>
  );
}

/** The top of the tree: "match all of / any of / every order", then its rows. */
function RootNode({ node, onChange, ctx }: { node: Node; onChange: (n: Node) => void; ctx: BuilderContext }) {
  const path = "when";
  const mode = node === "always" ? "always" : isGroup(node) ? keyOf(node) : "single";
  const setMode = (next: string) => {
    if (next === mode) return;
    if (next === "always") onChange("always");
    else if (mode === "always") onChange({ [next]: [blankCondition("order")] });
    else if (mode === "single") onChange({ [next]: [node] });
    else onChange({ [next]: (node as Record<string, Node[]>)[mode] });
  };
  return (
    <>
      <div className="cond-head">
        <label className="cond-mode">
          <span>Match</span>
          <select data-testid="condition-root-mode" aria-label="Match" value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="all">all of these conditions</option>
            <option value="any">any of these conditions</option>
            {mode === "single" && <option value="single">this condition</option>}
            <option value="always">every order</option>
          </select>
        </label>
      </div>
      {mode === "always" && (
        <>
          <p className="cond-always muted">Every order matches this rule.</p>
          <InlineProblems problems={ctx.problemsAt(path)} />
          <div className="cond-add">
            <button type="button" className="button small ghost" data-testid="add-condition" onClick={() => onChange({ all: [blankCondition("order")] })}>
              + Condition
            </button>
          </div>
        </>
      )}
      {mode === "single" && (
        <>
          <ChildRow node={node} path={path} scope="order" onChange={onChange} ctx={ctx} />
          <div className="cond-add">
            <button type="button" className="button small ghost" data-testid="add-condition" onClick={() => onChange({ all: [node, blankCondition("order")] })}>
              + Condition
            </button>
          </div>
        </>
      )}
      {isGroup(node) && (
        <>
          <InlineProblems problems={ctx.problemsAt(path)} />
          <GroupBody node={node} path={path} scope="order" onChange={onChange} ctx={ctx} />
        </>
      )}
    </>
  );
}

/** The rows of an all / any group and its add buttons. */
function GroupBody({ node, path, scope, onChange, ctx }: NodeProps & { node: Record<GroupKey, Node[]> }) {
  const key = keyOf(node) as GroupKey;
  const children = node[key];
  const other: GroupKey = key === "all" ? "any" : "all";
  const set = (next: Node[]) => onChange({ [key]: next });
  return (
    <div className="cond-children" data-group={key}>
      {children.map((child, i) => (
        <ChildRow
          key={i}
          node={child}
          path={`${path}.${key}[${i}]`}
          scope={scope}
          joiner={i > 0 ? (key === "all" ? "and" : "or") : undefined}
          onChange={(n) => set(children.map((c, j) => (j === i ? n : c)))}
          onRemove={() => set(children.filter((_, j) => j !== i))}
          ctx={ctx}
        />
      ))}
      <div className="cond-add">
        <button type="button" className="button small ghost" data-testid="add-condition" onClick={() => set([...children, blankCondition(scope)])}>
          + Condition
        </button>
        <button type="button" className="button small ghost" data-testid={`add-${other}-group`} onClick={() => set([...children, { [other]: [blankCondition(scope)] }])}>
          + {other === "any" ? "Any of…" : "All of…"} group
        </button>
      </div>
    </div>
  );
}

/** One row of a group: its node, a NOT toggle and a remove button. */
function ChildRow({ node, path, scope, joiner, onChange, onRemove, ctx }: NodeProps & { joiner?: string; onRemove?: () => void }) {
  const negated = keyOf(node) === "not" && typeof node === "object";
  const inner = negated ? ((node as { not: Node }).not ?? "always") : node;
  const innerPath = negated ? `${path}.not` : path;
  return (
    <div className={`cond-row ${negated ? "is-negated" : ""}`} data-testid="condition-row" data-path={path}>
      {joiner && <span className="cond-joiner">{joiner}</span>}
      <div className="cond-row-main">
        <div className="cond-row-body">
          {negated && <span className="cond-not">not</span>}
          <NodeView node={inner} path={innerPath} scope={scope} onChange={(n) => onChange(negated ? { not: n } : n)} ctx={ctx} />
        </div>
        <div className="cond-row-tools">
          <button
            type="button"
            className={`button small ghost cond-not-toggle ${negated ? "is-pressed" : ""}`}
            aria-pressed={negated}
            title={negated ? "Remove NOT" : "Negate: the row holds when this does not"}
            data-testid="condition-not"
            onClick={() => onChange(negated ? inner : { not: node })}
          >
            not
          </button>
          {onRemove && (
            <button type="button" className="icon-button" aria-label="Remove condition" title="Remove condition" data-testid="remove-condition" onClick={onRemove}>
              ×
            </button>
          )}
        </div>
      </div>
      {negated && <InlineProblems problems={ctx.problemsAt(path)} />}
    </div>
  );
}

function NodeView({ node, path, scope, onChange, ctx }: NodeProps) {
  const key = keyOf(node);
  if (isGroup(node)) {
    return (
      <div className="cond-group" data-testid="condition-group" data-group={key}>
        <div className="cond-head">
          <select aria-label="Group" data-testid="condition-group-mode" value={key} onChange={(e) => onChange({ [e.target.value]: node[key as GroupKey] })}>
            <option value="all">All of</option>
            <option value="any">Any of</option>
          </select>
        </div>
        <InlineProblems problems={ctx.problemsAt(path)} />
        <GroupBody node={node} path={path} scope={scope} onChange={onChange} ctx={ctx} />
      </div>
    );
  }
  if (key === "not" && typeof node === "object") {
    return <ChildRow node={node} path={path} scope={scope} onChange={onChange} ctx={ctx} />;
  }
  if (scope === "order" && isQuantifier(key) && typeof node === "object") {
    return <QuantifierView node={node} qkey={key} path={path} onChange={onChange} ctx={ctx} />;
  }
  if (typeof node === "object" && fieldsOf(scope)[key]) {
    return (
      <div className="cond-leaf-wrap">
        <div className="cond-leaf">
          <LeafControls node={node} path={path} scope={scope} onChange={onChange} ctx={ctx} />
        </div>
        <InlineProblems problems={ctx.problemsAt(path)} />
      </div>
    );
  }
  return (
    <div className="cond-leaf-wrap">
      <div className="cond-leaf">
        <FieldSelect scope={scope} value={key} facets={ctx.facets} onChange={(k) => onChange(retarget(node, k, scope, ctx.facets))} />
        {node === "always" ? <span className="muted">every order</span> : <code className="cond-raw">{JSON.stringify(node)}</code>}
      </div>
      <InlineProblems problems={ctx.problemsAt(path)} />
    </div>
  );
}

/** "Any line / every line / no line" and the line condition inside it. */
function QuantifierView({ node, qkey, path, onChange, ctx }: Omit<NodeProps, "scope" | "node"> & { node: Record<string, unknown>; qkey: QuantifierKey }) {
  const inner = (node[qkey] ?? blankCondition("line")) as Node;
  const innerPath = `${path}.${qkey}`;
  const setInner = (n: Node) => onChange({ [qkey]: n });
  const innerIsLeaf = typeof inner === "object" && !!LINE_FIELDS[keyOf(inner) as keyof typeof LINE_FIELDS];
  return (
    <div className="cond-quant" data-testid="condition-quantifier" data-quantifier={qkey}>
      <div className="cond-leaf">
        <FieldSelect scope="order" value={qkey} facets={ctx.facets} onChange={(k) => onChange(retarget(node, k, "order", ctx.facets))} />
        {innerIsLeaf ? (
          <>
            <span className="cond-where">has</span>
            <LeafControls node={inner} path={innerPath} scope="line" onChange={setInner} ctx={ctx} />
          </>
        ) : (
          <span className="cond-where">matches</span>
        )}
      </div>
      <InlineProblems problems={[...ctx.problemsAt(path), ...(innerIsLeaf ? ctx.problemsAt(innerPath) : [])]} />
      {!innerIsLeaf && (
        <div className="cond-quant-inner">
          <NodeView node={inner} path={innerPath} scope="line" onChange={setInner} ctx={ctx} />
        </div>
      )}
      {innerIsLeaf && (
        <div className="cond-add">
          <button type="button" className="button small ghost" data-testid="add-line-condition" onClick={() => setInner({ all: [inner, blankCondition("line")] })}>
            + Line condition
          </button>
        </div>
      )}
    </div>
  );
}

/** Field, operator and value of one test. */
function LeafControls({ node, scope, onChange, ctx }: NodeProps & { node: Record<string, unknown> }) {
  const key = keyOf(node);
  const spec = fieldsOf(scope)[key];
  const test = (node[key] ?? {}) as Test;
  const op = operatorOf(spec.kind, test);
  const choices = choicesFor(spec, ctx.facets);
  return (
    <>
      <FieldSelect scope={scope} value={key} facets={ctx.facets} onChange={(k) => onChange(retarget(node, k, scope, ctx.facets))} />
      <select
        data-testid="condition-operator-select"
        aria-label={`${spec.label} operator`}
        value={op.id}
        onChange={(e) => {
          const next = OPERATORS[spec.kind].find((o) => o.id === e.target.value) ?? op;
          onChange({ [key]: makeTest(spec.kind, next, valueOf(test), choices) });
        }}
      >
        {OPERATORS[spec.kind].map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <ValueInput
        spec={spec}
        op={op}
        value={valueOf(test)}
        onChange={(v) => onChange({ [key]: { [op.key]: v } })}
        choices={choices}
        suggestions={suggestionsFor(spec, ctx.facets)}
      />
      {spec.hint && op.input !== "text" && <span className="cond-hint muted">{spec.hint}</span>}
    </>
  );
}

/** The node after its field changes: the test kept when the fields read alike, else a fresh one. */
function retarget(node: Node, to: string, scope: Scope, facets: Facets): Node {
  const from = keyOf(node);
  if (scope === "order" && isQuantifier(to)) {
    const inner = typeof node === "object" && isQuantifier(from) ? node[from] : blankCondition("line");
    return { [to]: inner };
  }
  const fields = fieldsOf(scope);
  const spec = fields[to];
  const test = typeof node === "object" && fields[from] ? (node[from] as Test) : undefined;
  return { [to]: retargetTest(fields[from], spec, to, test, choicesFor(spec, facets)) };
}

function FieldSelect({ scope, value, facets, onChange }: { scope: Scope; value: string; facets: Facets; onChange: (key: string) => void }) {
  const unavailable = (key: string) => key === "channel" && facets.channels.length === 0 && value !== "channel";
  const options = (entries: [string, FieldSpec][]) =>
    entries.map(([k, spec]) => (
      <option key={k} value={k} disabled={unavailable(k)}>
        {spec.label}
        {unavailable(k) ? " (no channels)" : ""}
      </option>
    ));
  const known = scope === "order" ? k0(ORDER_FIELDS, value) || isQuantifier(value) : k0(LINE_FIELDS, value);
  return (
    <select className="cond-field" data-testid="condition-field-select" aria-label="Field" value={value} onChange={(e) => onChange(e.target.value)}>
      {!known && <option value={value}>{value}</option>}
      {scope === "order" ? (
        FIELD_GROUPS.map(({ group, label }) => (
          <optgroup key={group} label={label}>
            {options(Object.entries(ORDER_FIELDS).filter(([, s]) => s.group === group))}
            {group === "contents" &&
              (Object.keys(QUANTIFIERS) as QuantifierKey[]).map((q) => (
                <option key={q} value={q} title={QUANTIFIERS[q].hint}>
                  {QUANTIFIERS[q].label}…
                </option>
              ))}
          </optgroup>
        ))
      ) : (
        <optgroup label="Line">{options(Object.entries(LINE_FIELDS))}</optgroup>
      )}
    </select>
  );
}

function k0(fields: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(fields, key);
}
