/**
 * /v1/chat/completions through the clients people use: the official `openai` package and
 * LangChain's ChatOpenAI, plain and streamed. The content is Markdown with [n] footnotes and a
 * 来源 list; the structured citations come in the extra fields `citations` and `sources`.
 */
import { ChatOpenAI } from '@langchain/openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CitedSource } from '../../src/answer/compose/citations.js';
import type { Citation } from '../../src/types.js';
import { Harness, type RunningApp } from './server-harness.js';

const QUESTION = '第二批两重建设项目安排了多少资金？';
const harness = new Harness();
let app: RunningApp;
let client: OpenAI;

beforeAll(async () => {
  await harness.build();
  app = await harness.start();
  client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
}, 120_000);

afterAll(async () => {
  await app.close();
  harness.cleanup();
});

/** The extra fields a completion (or its last chunk) carries beside the OpenAI ones. */
type WithSources = { citations: Citation[]; sources: CitedSource[] };

describe('the official openai client', () => {
  it('gets Markdown with [n] markers and a 来源 list of title, 文号, heading and quote', async () => {
    const completion = await client.chat.completions.create({ model: 'policy-qa', messages: [{ role: 'user', content: '国务院关于推进服务业扩能提质的意见里，到2030年服务业总规模要迈上什么台阶？' }] });
    const content = completion.choices[0]!.message.content!;
    expect(content).toContain('100万亿元');
    expect(content).toMatch(/\[1\]/);
    // A list per document: the title and 文号 once, each quote under it with number and heading.
    expect(content).toMatch(/\n\n来源：\n\n- 《国务院关于推进服务业扩能提质的意见》（国发〔2026〕7号）\n {2}- \[1\] 一、总体要求：“/);
    // Lines of the answer stay lines when rendered: hard breaks, never a bare newline inside a paragraph.
    const answer = content.slice(0, content.indexOf('\n\n来源'));
    expect(answer).not.toMatch(/[^ \n]\n/);
  });

  it('gets the structured citations and the sources grouped per document in extra fields', async () => {
    const completion = (await client.chat.completions.create({ model: 'policy-qa', messages: [{ role: 'user', content: QUESTION }] })) as OpenAI.ChatCompletion & WithSources;
    expect(completion.citations[0]).toMatchObject({ n: 1, title: '国家发展和改革委员会下达2026年第二批“两重”建设项目清单' });
    expect(completion.citations[0]!.quote).toContain('2168亿元');
    expect(completion.sources).toEqual([{ docId: completion.citations[0]!.docId, title: completion.citations[0]!.title, citations: [1] }]);
    // No stray space from a PDF line break, no 《《…》》.
    expect(completion.choices[0]!.message.content).toContain('《国家发展和改革委员会下达2026年第二批“两重”建设项目清单》');
  });

  it('streams the answer and ends with the 来源 list and the structured citations', async () => {
    const stream = await client.chat.completions.create({ model: 'policy-qa', stream: true, messages: [{ role: 'user', content: QUESTION }] });
    let text = '';
    let last: (OpenAI.ChatCompletionChunk & Partial<WithSources>) | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      last = chunk;
    }
    expect(text).toMatch(/^2168亿元/);
    expect(text).toContain('来源：\n\n- 《');
    expect(last!.choices[0]!.finish_reason).toBe('stop');
    expect(last!.citations![0]!.quote).toContain('2168亿元');
    expect(last!.sources).toHaveLength(1);
  });

  it('lists the model', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['policy-qa']);
  });
});

describe("LangChain's ChatOpenAI", () => {
  const chat = () => new ChatOpenAI({ model: 'policy-qa', apiKey: 'not-needed', maxRetries: 0, configuration: { baseURL: `${app.url}/v1` } });

  it('invokes and gets the Markdown answer with its footnotes', async () => {
    const message = await chat().invoke([
      ['user', QUESTION],
      ['assistant', '2168亿元。'],
      ['user', '它一共支持了多少个重大项目？'],
    ]);
    expect(typeof message.content).toBe('string');
    expect(message.content).toContain('336个');
    expect(message.content).toContain('来源：\n\n- 《');
  });

  it('streams', async () => {
    let text = '';
    for await (const chunk of await chat().stream(QUESTION)) text += typeof chunk.content === 'string' ? chunk.content : '';
    expect(text).toMatch(/^2168亿元/);
    expect(text).toContain('[1]');
  });

  it('reaches the structured citations through the raw response', async () => {
    const model = new ChatOpenAI({ model: 'policy-qa', apiKey: 'not-needed', maxRetries: 0, configuration: { baseURL: `${app.url}/v1` }, __includeRawResponse: true });
    const message = await model.invoke(QUESTION);
    const raw = message.additional_kwargs.__raw_response as WithSources;
    expect(raw.citations[0]!.quote).toContain('2168亿元');
    expect(raw.sources[0]!.citations).toEqual([1]);
  });
});
