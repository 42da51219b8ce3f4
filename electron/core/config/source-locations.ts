// Where each value of a config file came from (file and line), so every error and warning can
// name the field path a person sees in the YAML — `model_list[2].litellm_params.model` — and the
// line to look at. Paths are kept in the merged document's coordinates: an `include`d file's
// model_list entries are renumbered as they are appended.
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number;

/** One problem in a config file. `line` is 1-based; null when the problem has no place in the file. */
export interface ConfigIssue {
  path: string;
  line: number | null;
  message: string;
  /** The file the line is in, when known (the config itself or one it includes). */
  file?: string;
}

export interface SourceLocation {
  line: number;
  file?: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `model_list[2].litellm_params.model`; keys that are not plain identifiers are quoted: `fallbacks[0]["gpt-3.5"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

interface Entry {
  segments: PathSegment[];
  loc: SourceLocation;
}

export class SourceLocations {
  private readonly entries = new Map<string, Entry>();

  /** Indexes every map key and sequence item of a parsed YAML document. */
  static fromNode(root: Node | null, lineCounter: LineCounter, file?: string): SourceLocations {
    const index = new SourceLocations();
    const lineOf = (offset: number) => lineCounter.linePos(offset).line;
    const walk = (node: unknown, segments: PathSegment[]): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const key = isScalar(pair.key) ? String(pair.key.value) : null;
          if (key === null) continue;
          const at = (pair.key as Node | null)?.range?.[0] ?? (pair.value as Node | null)?.range?.[0];
          const path = [...segments, key];
          if (at !== undefined) index.set(path, { line: lineOf(at), file });
          walk(pair.value, path);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          const path = [...segments, i];
          const at = (item as Node | null)?.range?.[0];
          if (at !== undefined) index.set(path, { line: lineOf(at), file });
          walk(item, path);
        });
      }
    };
    if (root?.range) index.set([], { line: lineOf(root.range[0]), file });
    walk(root, []);
    return index;
  }

  private set(segments: PathSegment[], loc: SourceLocation): void {
    this.entries.set(formatPath(segments), { segments, loc });
  }

  /** The location of `path`, or of its nearest ancestor that has one (a missing field → its parent). */
  at(segments: readonly PathSegment[]): SourceLocation | null {
    for (let n = segments.length; n >= 0; n--) {
      const hit = this.entries.get(formatPath(segments.slice(0, n)));
      if (hit) return hit.loc;
    }
    return null;
  }

  issue(segments: readonly PathSegment[], message: string): ConfigIssue {
    const loc = this.at(segments);
    return { path: formatPath(segments), line: loc?.line ?? null, message, ...(loc?.file ? { file: loc.file } : {}) };
  }

  /** `path (line N)` or `path (other.yaml line N)`, for warnings. */
  describe(segments: readonly PathSegment[]): string {
    const loc = this.at(segments);
    const where = loc ? ` (${loc.file ? `${loc.file} ` : ''}line ${loc.line})` : '';
    return `${formatPath(segments) || '(top level)'}${where}`;
  }

  /** An included file's top-level `key` replaces this one's (LiteLLM's include merge for non-lists). */
  replaceKey(key: string, from: SourceLocations): void {
    for (const [k, e] of this.entries) if (e.segments[0] === key) this.entries.delete(k);
    for (const e of from.entries.values()) if (e.segments[0] === key) this.set(e.segments, e.loc);
  }

  /** An included file's top-level list `key` is appended after `offset` items already here. */
  appendList(key: string, from: SourceLocations, offset: number): void {
    for (const e of from.entries.values()) {
      if (e.segments[0] !== key || typeof e.segments[1] !== 'number') continue;
      this.set([key, e.segments[1] + offset, ...e.segments.slice(2)], e.loc);
    }
  }
}
