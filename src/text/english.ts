/**
 * English words mixed into a Chinese question ("AI 伦理审查 的 deadline 是哪天？") in the Chinese a
 * policy text prints for them, from src/text/dictionary/english.txt. Words not listed stay as typed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const GLOSSARY_PATH = fileURLToPath(new URL('./dictionary/english.txt', import.meta.url));

interface Glossary {
  /** Any listed phrase, as a whole word. */
  pattern: RegExp;
  /** Lower-cased phrase → Chinese ('' drops the word). */
  chinese: Map<string, string>;
}
let glossary: Glossary | undefined;

function loadGlossary(): Glossary {
  if (glossary) return glossary;
  const chinese = new Map<string, string>();
  for (const line of readFileSync(GLOSSARY_PATH, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [english, translation = ''] = line.split('\t');
    chinese.set(english!.trim().toLowerCase(), translation.trim());
  }
  // Longest phrases first, so "document number" wins over "number"; a space matches any run of spaces.
  const phrases = [...chinese.keys()]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&').replace(/ /g, '\\s+'));
  glossary = { pattern: new RegExp(`(?<![A-Za-z0-9-])(?:${phrases.join('|')})(?![A-Za-z0-9-])`, 'gi'), chinese };
  return glossary;
}

/** The question with the glossary's English words in Chinese; unchanged when it has none. */
export function englishInChinese(question: string): string {
  if (!/[A-Za-z]{2}/.test(question)) return question;
  const { pattern, chinese } = loadGlossary();
  return question.replace(pattern, (match) => chinese.get(match.toLowerCase().replace(/\s+/g, ' ')) ?? match);
}
