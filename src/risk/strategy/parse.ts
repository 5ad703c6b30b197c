/**
 * Reads a strategy document's text, JSON or YAML (JSON when it starts with `{`), into plain data for
 * validation. YAML is parsed as data only: no custom tags, no anchors expanded past a small bound.
 */
import { parse as parseYaml } from 'yaml';
import { limits } from '../../kernel/limits.ts';
import type { StrategyIssue } from './document.ts';

const YAML_ALIASES_MAX = 100;

export function parseStrategyText(text: string): { value: unknown } | { issues: StrategyIssue[] } {
  if (Buffer.byteLength(text, 'utf8') > limits.riskStrategyDocumentBytesMax) {
    return { issues: [{ path: '', message: `the document is larger than the limit of ${limits.riskStrategyDocumentBytesMax} bytes` }] };
  }
  const json = text.trimStart().startsWith('{');
  try {
    return { value: json ? JSON.parse(text) : parseYaml(text, { maxAliasCount: YAML_ALIASES_MAX, customTags: [] }) };
  } catch (error) {
    return { issues: [{ path: '', message: `not ${json ? 'JSON' : 'YAML'}: ${(error as Error).message}` }] };
  }
}
