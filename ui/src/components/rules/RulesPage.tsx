// The rule editor: the rules in force loaded as a draft, edited in forms by stage, checked as
// they are typed, tried on one order or dry-run over many, and saved as a new version (or
// discarded). Saving is refused while the draft has errors; someone else's save in between is
// reported as a conflict with a choice, never silently overwritten.
import { useCallback, useEffect, useMemo, useState } from "react";
import { api, ApiError } from "../../api";
import type { Problem, Rule, RuleHits, Ruleset, RulesetView, Stage } from "../../bindings";
import { humanActor } from "../../format/actor";
import { useFacets } from "../../hooks/useFacets";
import { EmptyState, Spinner } from "../common/EmptyState";
import { useReportError } from "../shell/errors";
import { DryRunPanel } from "./DryRunPanel";
import { duplicateRule, moveRule, newRule, newRuleId, placeProblems, ruleKeys, runOrder, sameRules } from "./draft";
import { HistoryPanel } from "./HistoryPanel";
import { ProblemSummary } from "./ProblemSummary";
import type { RuleCommands } from "./RuleCard";
import { readRulesetJson, rulesetToJson } from "./ruleJson";
import { RulesToolbar } from "./RulesToolbar";
import { StageList } from "./StageList";
import { loadStoredDraft, storeDraft } from "./storedDraft";
import { TestOnOrder } from "./TestOnOrder";
import { useValidation } from "./useValidation";
import "../../styles/rules.css";

type Notice = { kind: "ok" | "warn" | "error"; text: string };
type SideTab = "test" | "dry";

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The rule at `key` replaced by `fn(rule)`; the list unchanged when the key is gone. */
function updateAt(rules: Rule[], key: string, fn: (rule: Rule, index: number) => Rule[]): Rule[] {
  const index = ruleKeys(rules).indexOf(key);
  if (index < 0) return rules;
  return [...rules.slice(0, index), ...fn(rules[index], index), ...rules.slice(index + 1)];
}

/** The stage's priorities rewritten 1, 2, 3… in run order. */
function renumber(rules: Rule[], stage: Stage): Rule[] {
  const next = [...rules];
  runOrder(rules, stage).forEach((i, pos) => {
    if (next[i].priority !== pos + 1) next[i] = { ...next[i], priority: pos + 1 };
  });
  return next;
}

async function fileText(file: File): Promise<string> {
  if (typeof file.text === "function") return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

export function RulesPage() {
  const report = useReportError();
  const { facets } = useFacets(report);
  const [view, setView] = useState<RulesetView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [baseVersion, setBaseVersion] = useState(0);
  const [draft, setDraft] = useState<Ruleset | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [importFailure, setImportFailure] = useState<{ file: string; problems: Problem[] } | null>(null);
  const [tab, setTab] = useState<SideTab>("test");

  // ---- Loading ------------------------------------------------------------------------------

  const load = useCallback(() => {
    setLoadError(null);
    api.rulesView().then(
      (v) => {
        setView(v);
        const stored = loadStoredDraft();
        const readable = stored && readRulesetJson(JSON.stringify({ version: stored.baseVersion, rules: stored.rules }));
        if (stored && readable?.ok && !sameRules(readable.ruleset, v.ruleset)) {
          setDraft({ version: stored.baseVersion, rules: readable.ruleset.rules });
          setBaseVersion(stored.baseVersion);
          setNotice({ kind: "warn", text: `Your unsaved changes from earlier (started from version ${stored.baseVersion}) are back. Save or discard them.` });
        } else {
          setDraft(v.ruleset);
          setBaseVersion(v.ruleset.version);
        }
      },
      (err: unknown) => {
        report(err);
        setLoadError(message(err));
      },
    );
  }, [report]);
  useEffect(load, [load]);

  // ---- Derived state ------------------------------------------------------------------------

  const known = useMemo(() => (view ? { rules: view.ruleset.rules, problems: view.problems } : null), [view]);
  const validation = useValidation(draft, known, report);
  const rules = useMemo(() => draft?.rules ?? [], [draft]);
  const keys = useMemo(() => ruleKeys(rules), [rules]);
  const keyList = keys.join("\n");
  // Placed again only when the problems or the set of rules change, so typing in one rule does
  // not hand every other card new problem lists.
  const placed = useMemo(() => placeProblems(validation.problems, validation.rules, rules), [validation.problems, validation.rules, keyList]);
  const dirty = useMemo(() => !!draft && !!view && !sameRules(draft, view.ruleset), [draft, view]);
  const errors = validation.problems.filter((p) => p.severity === "error").length;
  const hasErrors = errors > 0 || validation.error !== null;
  const saved = useMemo(() => new Map((view?.ruleset.rules ?? []).map((r) => [r.id, r])), [view]);
  const hits = useMemo(() => new Map<string, RuleHits>((view?.hits ?? []).map((h) => [h.rule_id, h])), [view]);

  // Unsaved edits outlive this screen (see storedDraft).
  useEffect(() => {
    if (!view || !draft) return;
    const t = setTimeout(() => storeDraft(dirty ? { baseVersion, rules: draft.rules } : null), 300);
    return () => clearTimeout(t);
  }, [view, draft, dirty, baseVersion]);

  // ---- Editing ------------------------------------------------------------------------------

  const edit = useCallback((fn: (rules: Rule[]) => Rule[]) => setDraft((d) => (d ? { ...d, rules: fn(d.rules) } : d)), []);

  const commands: RuleCommands = useMemo(
    () => ({
      toggle: (key) =>
        setExpanded((s) => {
          const next = new Set(s);
          if (!next.delete(key)) next.add(key);
          return next;
        }),
      change: (key, rule) => edit((rs) => updateAt(rs, key, () => [rule])),
      move: (key, delta) =>
        edit((rs) => {
          const index = ruleKeys(rs).indexOf(key);
          if (index < 0) return rs;
          const stage = rs[index].stage;
          const pos = runOrder(rs, stage).indexOf(index);
          return moveRule(rs, stage, pos, pos + delta);
        }),
      remove: (key) => edit((rs) => updateAt(rs, key, () => [])),
      duplicate: (key) => {
        // The id is made here, not in the updater, which React may run later (or twice).
        const copyId = newRuleId();
        edit((rs) => {
          let stage: Stage | null = null;
          const next = updateAt(rs, key, (rule) => {
            stage = rule.stage;
            return [rule, duplicateRule(rule, copyId)];
          });
          return stage ? renumber(next, stage) : next;
        });
        setExpanded((s) => new Set(s).add(copyId));
      },
    }),
    [edit],
  );

  const addRule = (stage: Stage) => {
    if (!draft) return;
    const rule = newRule(stage, draft.rules, facets);
    edit((rs) => [...rs, rule]);
    setExpanded((s) => new Set(s).add(rule.id));
  };

  const reorder = useCallback((stage: Stage, from: number, to: number) => edit((rs) => moveRule(rs, stage, from, to)), [edit]);

  const show = (key: string) => {
    setExpanded((s) => new Set(s).add(key));
    requestAnimationFrame(() => {
      const card = document.querySelector(`[data-rule-key="${key}"]`);
      card?.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
    });
  };

  // ---- Saving, conflicts, discarding ----------------------------------------------------------

  const adoptSaved = (v: RulesetView) => {
    setView(v);
    setDraft(v.ruleset);
    setBaseVersion(v.ruleset.version);
    storeDraft(null);
  };

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    setNotice(null);
    setConflict(null);
    try {
      const v = await api.saveRuleset({ version: baseVersion, rules: draft.rules }, baseVersion);
      adoptSaved(v);
      setImportFailure(null);
      setNotice({ kind: "ok", text: `Saved as version ${v.ruleset.version}. Orders that arrive or change from now on follow these rules.` });
    } catch (err) {
      if (err instanceof ApiError && err.code === "conflict") setConflict(err.message);
      else if (err instanceof ApiError && err.code === "invalid_input") setNotice({ kind: "error", text: err.message });
      else report(err);
    } finally {
      setSaving(false);
    }
  };

  /** After a conflict: the latest version becomes the base, the draft stays. */
  const keepMine = async () => {
    try {
      const latest = await api.rulesView();
      setView(latest);
      setBaseVersion(latest.ruleset.version);
      setConflict(null);
      const who = latest.saved_by ? ` by ${humanActor(latest.saved_by)}` : "";
      setNotice({
        kind: "warn",
        text: `Version ${latest.ruleset.version}${who} is now the base and your edits are kept. Saving replaces that version with your draft: check History for what they changed.`,
      });
    } catch (err) {
      report(err);
    }
  };

  const takeTheirs = async () => {
    try {
      adoptSaved(await api.rulesView());
      setConflict(null);
      setNotice({ kind: "ok", text: "Loaded the latest rules; your edits were discarded." });
    } catch (err) {
      report(err);
    }
  };

  const discard = () => {
    if (!view) return;
    adoptSaved(view);
    setImportFailure(null);
    setConflict(null);
    setNotice(null);
  };

  // ---- Import / export ------------------------------------------------------------------------

  const exportDraft = () => {
    if (!draft) return;
    const blob = new Blob([rulesetToJson({ version: baseVersion, rules: draft.rules })], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `waybill-rules-v${baseVersion}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const importFile = async (file: File) => {
    setNotice(null);
    let text: string;
    try {
      text = await fileText(file);
    } catch (err) {
      setImportFailure({ file: file.name, problems: [{ severity: "error", code: "invalid_json", rule_id: null, rule_name: null, path: "", message: `The file could not be read: ${message(err)}` }] });
      return;
    }
    const read = readRulesetJson(text);
    if (!read.ok) {
      setImportFailure({ file: file.name, problems: read.problems });
      return;
    }
    setImportFailure(null);
    setDraft({ version: baseVersion, rules: read.ruleset.rules });
    setExpanded(new Set());
    const n = read.ruleset.rules.length;
    setNotice({ kind: "warn", text: `Loaded ${file.name} (${n} ${n === 1 ? "rule" : "rules"}) as an unsaved draft. Check the problems, try it, then save or discard.` });
  };

  // ---- Rendering ------------------------------------------------------------------------------

  if (!view || !draft) {
    return (
      <section className="page rules-page" data-testid="rules-page">
        {loadError ? (
          <EmptyState title="The rules could not be loaded" testId="rules-load-error">
            <p>{loadError}</p>
            <button type="button" className="button" onClick={load}>
              Try again
            </button>
          </EmptyState>
        ) : (
          <div className="rules-loading">
            <Spinner label="Loading rules" />
          </div>
        )}
      </section>
    );
  }

  const saveBlocked = !dirty ? "No unsaved changes" : hasErrors ? `Fix ${errors || "the"} ${errors === 1 ? "error" : "errors"} to save` : null;
  const trialBlocked = hasErrors ? "The draft has errors, so it cannot run: fix them first (or try the rules in force)." : null;

  return (
    <section className="page rules-page" data-testid="rules-page">
      <RulesToolbar
        version={view.ruleset.version}
        savedAt={view.saved_at}
        savedBy={view.saved_by}
        dirty={dirty}
        saving={saving}
        saveBlocked={saveBlocked}
        onSave={() => void save()}
        onDiscard={discard}
        onExport={exportDraft}
        onImport={(f) => void importFile(f)}
      />
      <div className="rules-body">
        <div className="rules-main">
          {conflict && (
            <div className="banner banner-warn" role="alert" data-testid="rules-conflict">
              <div className="banner-body">
                <strong>Someone else saved the rules while you were editing</strong>
                <span>{conflict}</span>
                <span className="banner-actions">
                  <button type="button" className="button small" data-testid="conflict-keep-mine" onClick={() => void keepMine()}>
                    Keep my edits on top of the latest
                  </button>
                  <button type="button" className="button small ghost" data-testid="conflict-take-theirs" onClick={() => void takeTheirs()}>
                    Discard mine, load the latest
                  </button>
                </span>
              </div>
            </div>
          )}
          {notice && (
            <div className={`banner banner-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"} data-testid="rules-notice">
              <div className="banner-body">{notice.text}</div>
              <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setNotice(null)}>
                ×
              </button>
            </div>
          )}
          {importFailure && (
            <div className="banner banner-error" role="alert" data-testid="import-error">
              <div className="banner-body">
                <strong>{importFailure.file} was not imported</strong>
                <ul className="import-problems">
                  {importFailure.problems.slice(0, 20).map((p, i) => (
                    <li key={i}>{p.message}</li>
                  ))}
                  {importFailure.problems.length > 20 && <li className="muted">…and {importFailure.problems.length - 20} more</li>}
                </ul>
                <span className="muted small">The draft was left as it was.</span>
              </div>
              <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setImportFailure(null)}>
                ×
              </button>
            </div>
          )}
          <ProblemSummary
            problems={validation.problems}
            placed={placed}
            rules={rules}
            keys={keys}
            checking={validation.checking}
            error={validation.error}
            onShow={show}
          />
          <StageList
            rules={rules}
            saved={saved}
            hits={hits}
            problems={placed.byRule}
            expanded={expanded}
            facets={facets}
            commands={commands}
            onAdd={addRule}
            onReorder={reorder}
          />
          <HistoryPanel version={view.ruleset.version} />
        </div>
        <aside className="rules-side" aria-label="Try the rules">
          <div className="tabs side-tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === "test"} className={`tab ${tab === "test" ? "is-active" : ""}`} data-testid="tab-test" onClick={() => setTab("test")}>
              Test on an order
            </button>
            <button type="button" role="tab" aria-selected={tab === "dry"} className={`tab ${tab === "dry" ? "is-active" : ""}`} data-testid="tab-dry-run" onClick={() => setTab("dry")}>
              Dry run
            </button>
          </div>
          <div className="side-body" hidden={tab !== "test"}>
            <TestOnOrder draft={draft} version={view.ruleset.version} facets={facets} blocked={trialBlocked} />
          </div>
          <div className="side-body" hidden={tab !== "dry"}>
            <DryRunPanel draft={draft} facets={facets} blocked={trialBlocked} />
          </div>
        </aside>
      </div>
    </section>
  );
}
