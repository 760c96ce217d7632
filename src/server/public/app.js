// The chat UI. Everything from answers and documents is inserted as text (textContent), never as
// HTML, so nothing in the corpus or an answer can run script or load an image. Answers get a tiny
// Markdown subset (lists, **bold**, [n] chips) built from DOM nodes by markdown.js.
import { $, el } from './dom.js';
import { bookTitle, plainText, renderAnswerText } from './markdown.js';

// conversations: the pages of the list loaded so far, newest first; nextCursor: where the next page starts.
const state = { sessionId: null, busy: false, conversations: [], nextCursor: null };

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

// --- conversations -------------------------------------------------------------------------

const PAGE_SIZE = 50;

/** Loads the first page of the list (at start); later pages come with the "more" button. */
async function loadConversations() {
  const page = await api(`/api/conversations?limit=${PAGE_SIZE}`);
  state.conversations = page.conversations;
  state.nextCursor = page.nextCursor;
  renderConversations();
}

async function loadMoreConversations() {
  if (!state.nextCursor) return;
  const page = await api(`/api/conversations?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(state.nextCursor)}`);
  // A conversation that moved to the top since the first page is already listed.
  const listed = new Set(state.conversations.map((c) => c.id));
  state.conversations.push(...page.conversations.filter((c) => !listed.has(c.id)));
  state.nextCursor = page.nextCursor;
  renderConversations();
}

/** An answered question, recorded in the list here rather than by reloading the whole list. */
function noteTurn(sessionId, question, turn) {
  const index = state.conversations.findIndex((c) => c.id === sessionId);
  const [existing] = index >= 0 ? state.conversations.splice(index, 1) : [];
  const now = new Date().toISOString();
  const title = existing?.title ?? question.slice(0, 40);
  state.conversations.unshift({ ...existing, id: sessionId, title, createdAt: existing?.createdAt ?? now, updatedAt: now, turns: turn + 1 });
  renderConversations();
}

function renderConversations() {
  const list = $('#conversation-list');
  list.replaceChildren(
    ...state.conversations.map((c) => {
      const item = el('li', c.id === state.sessionId ? 'active' : '', c.title || '（无标题）');
      item.title = `${c.title}（${c.turns} 轮）`;
      item.dataset.id = c.id;
      item.addEventListener('click', () => openConversation(c.id));
      return item;
    }),
  );
  $('#more-conversations').hidden = !state.nextCursor;
}

async function openConversation(id) {
  if (state.busy) return;
  closeDrawer();
  const conversation = await api(`/api/conversations/${encodeURIComponent(id)}`);
  state.sessionId = id;
  location.hash = `c=${id}`;
  const messages = $('#messages');
  messages.replaceChildren();
  conversation.turns.forEach((turn, index) => {
    messages.append(el('div', 'message user', turn.question));
    const bubble = el('div', 'message assistant');
    messages.append(bubble);
    renderAnswer(bubble, { ...turn.answer, sessionId: id, turn: index }, turn.feedback);
  });
  messages.scrollTop = messages.scrollHeight;
  closeSource();
  closeDrawer();
  renderConversations();
}

function newConversation() {
  if (state.busy) return;
  closeDrawer();
  state.sessionId = null;
  history.replaceState(null, '', location.pathname);
  $('#messages').replaceChildren(el('p', 'hint', '新对话：请输入问题。'));
  closeSource();
  renderConversations();
}

// --- asking --------------------------------------------------------------------------------

/** Reads a server-sent event stream, calling onEvent(name, data) for each event. */
async function readEvents(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}

async function ask(question) {
  if (state.busy) return;
  state.busy = true;
  $('#send').disabled = true;
  closeSource();
  const filters = currentFilters();
  const messages = $('#messages');
  messages.querySelector('.hint')?.remove();
  const asked = el('div', 'message user', question);
  if (Object.keys(filters).length > 0) asked.append(el('div', 'filters-used', `筛选：${describeFilters(filters)}`));
  messages.append(asked);
  const bubble = el('div', 'message assistant streaming');
  const notice = el('div', 'notice');
  notice.hidden = true;
  const text = el('div', 'text');
  bubble.append(notice, text);
  messages.append(bubble);
  messages.scrollTop = messages.scrollHeight;
  try {
    // The conversation this question belongs to, even if the user switches while it streams.
    const asked = { sessionId: state.sessionId };
    const body = { question, mode: $('#mode').value, ...filters };
    if (state.sessionId) body.sessionId = state.sessionId;
    const response = await fetch('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' }, body: JSON.stringify(body) });
    if (!response.ok) {
      const failure = await response.json().catch(() => ({}));
      throw new Error(failure.error?.message ?? `HTTP ${response.status}`);
    }
    await readEvents(response, (name, data) => {
      if (name === 'delta') text.textContent += data.text;
      else if (name === 'reset') {
        text.textContent = '';
        notice.textContent = data.notice;
        notice.hidden = !data.notice;
      } else if (name === 'done') {
        if (state.sessionId === asked.sessionId) {
          state.sessionId = data.sessionId;
          location.hash = `c=${data.sessionId}`;
        }
        renderAnswer(bubble, data);
        noteTurn(data.sessionId, question, data.turn);
      } else if (name === 'error') throw new Error(data.message);
      messages.scrollTop = messages.scrollHeight;
    });
  } catch (error) {
    bubble.classList.remove('streaming');
    bubble.append(el('div', 'error', `出错了：${error.message}`));
  } finally {
    state.busy = false;
    $('#send').disabled = false;
  }
}

// --- rendering an answer -------------------------------------------------------------------

/** Answer text (lists and **bold** formatted) with each [n] turned into a chip that opens the cited passage. */
function answerText(answer, citations) {
  const text = el('div', 'text formatted');
  const chipFor = (n) => {
    const citation = citations.find((c) => c.n === n);
    if (!citation) return null;
    const chip = el('button', 'chip', String(citation.n));
    chip.type = 'button';
    chip.title = citation.title;
    chip.setAttribute('aria-label', `来源 ${citation.n}：${citation.title}`);
    chip.addEventListener('click', () => openSource(citation, chip));
    return chip;
  };
  text.append(...renderAnswerText(answer, chipFor));
  return text;
}

/** The first amount or count the answer states ("2168亿元", "336个", "76%"), not a date, for a card. */
function leadFigure(answer) {
  const text = plainText(answer.answer.slice(0, 2000)).replace(/\[\d+\]/g, '');
  const match = /\d[\d.,]*(?:万亿|亿|万|千)?(?:余|多)?(?:元|个|家|项|台|人|所|件|条|场|次|%|％|倍|吨|千瓦|公里|亩|户|座|款|批)/.exec(text);
  if (!match) return null;
  const sentence = text.slice(Math.max(0, text.lastIndexOf('。', match.index) + 1)).split(/[。\n]/)[0];
  return { value: match[0], caption: sentence.length > 90 ? `${sentence.slice(0, 90)}…` : sentence };
}

function renderAnswer(bubble, answer, feedback) {
  bubble.classList.remove('streaming');
  bubble.replaceChildren();
  if (answer.notice) bubble.append(el('div', 'notice', answer.notice));
  const citations = answer.answered ? answer.citations : [];
  if (answer.answered && answer.intent === 'figure') {
    const figure = leadFigure(answer);
    if (figure) {
      const card = el('div', 'figure-card');
      const source = answer.citations[0];
      card.append(el('div', 'value', figure.value), el('div', 'caption', source ? `${figure.caption} · ${source.title}${source.date ? ` · ${source.date}` : ''}` : figure.caption));
      bubble.append(card);
    }
  }
  bubble.append(answerText(answer.answer, citations));
  const shown = answer.answered ? answer.citations : answer.related;
  if (shown.length > 0) {
    if (!answer.answered) bubble.append(el('div', 'related-label', '相关段落：'));
    // One entry per document: its title, 文号 and date once, then each quote with its number and heading.
    const list = el('ul', 'sources');
    const byDocument = new Map();
    for (const citation of shown) {
      const group = byDocument.get(citation.docId) ?? [];
      group.push(citation);
      byDocument.set(citation.docId, group);
    }
    for (const group of byDocument.values()) {
      const [first] = group;
      const item = el('li', 'source-doc');
      const head = el('div', 'source-head');
      if (group.length === 1) head.append(el('span', 'n', `[${first.n}]`));
      head.append(el('span', 'source-title', bookTitle(first.title)));
      const meta = [first.documentNumber, first.date].filter(Boolean).join(' · ');
      if (meta) head.append(el('span', 'source-meta', meta));
      head.addEventListener('click', () => openSource(first));
      item.append(head);
      for (const citation of group) {
        const line = el('div', 'source-quote');
        if (group.length > 1) line.append(el('span', 'n', `[${citation.n}]`));
        if (citation.heading) line.append(el('span', 'source-meta', citation.heading));
        line.append(document.createTextNode(`“${clipQuote(citation.quote.replace(/\s+/g, ' '), 60)}”`));
        line.addEventListener('click', (event) => {
          event.stopPropagation();
          openSource(citation);
        });
        item.append(line);
      }
      list.append(item);
    }
    bubble.append(list);
  }
  bubble.append(actions(answer, feedback));
}

/** A quote shortened at a sentence or clause end (never inside a number or a name), marked … when cut. */
function clipQuote(quote, max) {
  if (quote.length <= max) return quote;
  const ends = [...quote.matchAll(/[。；！？，、：]/g)].map((match) => match.index + 1);
  const within = ends.filter((end) => end <= max);
  // The last clause end within reach, unless that leaves too little; else the first one after it.
  const end = within.length > 0 && within.at(-1) >= max / 3 ? within.at(-1) : (ends.find((at) => at > max) ?? quote.length);
  return end >= quote.length ? quote : `${quote.slice(0, end)}…`;
}

function actions(answer, feedback) {
  const bar = el('div', 'actions');
  if (answer.answered && answer.intent === 'drafting') {
    const copy = el('button', 'copy-draft', '复制为答复口径');
    copy.type = 'button';
    copy.addEventListener('click', async () => {
      const sources = answer.citations.map((c) => `[${c.n}] ${bookTitle(c.title)}${c.documentNumber ? `（${c.documentNumber}）` : ''}${c.heading ? ` ${c.heading}` : ''}`);
      const draft = `${plainText(answer.answer)}\n\n依据：\n${sources.join('\n')}`;
      try {
        await navigator.clipboard.writeText(draft);
        copy.textContent = '已复制';
      } catch {
        copy.textContent = '复制失败，请手动选择文本';
      }
    });
    bar.append(copy);
  }
  if (answer.sessionId && answer.turn !== undefined) {
    for (const [rating, label] of [['up', '有用'], ['down', '不准确']]) {
      const button = el('button', feedback?.rating === rating ? 'chosen' : '', label);
      button.type = 'button';
      button.dataset.rating = rating;
      button.addEventListener('click', async () => {
        try {
          await api(`/api/conversations/${encodeURIComponent(answer.sessionId)}/feedback`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ turn: answer.turn, rating }),
          });
          bar.querySelectorAll('[data-rating]').forEach((b) => b.classList.toggle('chosen', b === button));
        } catch (error) {
          button.title = `反馈未保存：${error.message}`;
          button.classList.add('failed');
        }
      });
      bar.append(button);
    }
  }
  return bar;
}

// --- the source panel ----------------------------------------------------------------------

async function openSource(citation, chip) {
  document.querySelectorAll('.chip.active').forEach((c) => c.classList.remove('active'));
  chip?.classList.add('active');
  const panel = $('#source');
  const opened = String(Number(panel.dataset.opened ?? 0) + 1);
  panel.dataset.opened = opened;
  panel.hidden = false;
  document.body.classList.add('source-open');
  $('#source-title').textContent = citation.title;
  $('#source-meta').replaceChildren();
  const textBox = $('#source-text');
  textBox.textContent = '正在加载原文…';
  let doc;
  try {
    doc = await api(`/api/documents/${encodeURIComponent(citation.docId)}?start=${citation.start}&end=${citation.end}`);
  } catch (error) {
    if (panel.dataset.opened !== opened) return;
    // E.g. a stored citation to a document a re-index has since removed or changed.
    $('#source-meta').replaceChildren();
    textBox.replaceChildren(el('p', 'error', `无法打开原文：${error.message}`), el('p', '', `引文：“${citation.quote}”`));
    return;
  }
  // Closed, or another source opened, while this one loaded.
  if (panel.dataset.opened !== opened) return;
  const meta = $('#source-meta');
  meta.replaceChildren();
  for (const [label, value] of [['文号', doc.documentNumber], ['发文机关', doc.issuers?.join('、')], ['日期', doc.date], ['施行', doc.effectiveDate], ['位置', citation.heading]]) {
    if (!value) continue;
    meta.append(el('dt', '', label), el('dd', '', value));
  }
  const mark = el('mark', '', doc.text.slice(citation.start, citation.end));
  textBox.replaceChildren(document.createTextNode(doc.text.slice(0, citation.start)), mark, document.createTextNode(doc.text.slice(citation.end)));
  // Scroll the text box only: scrollIntoView would also move the page under a phone's sheet.
  textBox.scrollTop = Math.max(0, mark.offsetTop - textBox.clientHeight / 3);
}

function closeSource() {
  const panel = $('#source');
  // A source still loading then finds its ticket stale and leaves the panel alone.
  panel.dataset.opened = String(Number(panel.dataset.opened ?? 0) + 1);
  panel.hidden = true;
  document.body.classList.remove('source-open');
  document.querySelectorAll('.chip.active').forEach((c) => c.classList.remove('active'));
}

// --- the conversation drawer (narrow screens) ----------------------------------------------

function openDrawer() {
  document.body.classList.add('drawer-open');
  $('#menu').setAttribute('aria-expanded', 'true');
  $('#drawer-close').focus();
}

function closeDrawer() {
  if (!document.body.classList.contains('drawer-open')) return;
  document.body.classList.remove('drawer-open');
  $('#menu').setAttribute('aria-expanded', 'false');
}

// --- filters -------------------------------------------------------------------------------

/** The filters set in the form, as the chat API's fields (issuer, type, from, to); unset ones left out. */
function currentFilters() {
  const filters = {};
  const issuer = $('#filter-issuer').value.trim();
  if (issuer) filters.issuer = issuer;
  if ($('#filter-type').value) filters.type = $('#filter-type').value;
  if ($('#filter-from').value) filters.from = $('#filter-from').value;
  if ($('#filter-to').value) filters.to = $('#filter-to').value;
  return filters;
}

function describeFilters({ issuer, type, from, to }) {
  const dates = from && to ? `${from} 至 ${to}` : from ? `${from} 起` : to ? `${to} 止` : '';
  return [type, issuer, dates].filter(Boolean).join(' · ');
}

function showFilters() {
  // The date pickers offer only a range that can match: "to" not before "from".
  $('#filter-to').min = $('#filter-from').value;
  $('#filter-from').max = $('#filter-to').value;
  const summary = describeFilters(currentFilters());
  $('#filter-summary').textContent = summary ? `：${summary}` : '';
  $('#filters').classList.toggle('active', Boolean(summary));
}

// --- start ---------------------------------------------------------------------------------

$('#ask').addEventListener('submit', (event) => {
  event.preventDefault();
  const question = $('#question').value.trim();
  if (!question) return;
  $('#question').value = '';
  ask(question);
});
$('#question').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('#ask').requestSubmit();
  }
});
$('#new-conversation').addEventListener('click', newConversation);
$('#more-conversations').addEventListener('click', () => loadMoreConversations().catch(() => {}));
$('#source-close').addEventListener('click', closeSource);
$('#menu').addEventListener('click', () => (document.body.classList.contains('drawer-open') ? closeDrawer() : openDrawer()));
$('#drawer-close').addEventListener('click', () => {
  closeDrawer();
  $('#menu').focus();
});
$('#overlay').addEventListener('click', () => {
  closeDrawer();
  closeSource();
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  if (document.body.classList.contains('drawer-open')) closeDrawer();
  else if (!$('#source').hidden) closeSource();
});
for (const input of ['#filter-issuer', '#filter-type', '#filter-from', '#filter-to']) $(input).addEventListener('input', showFilters);
$('#filter-clear').addEventListener('click', () => {
  for (const input of ['#filter-issuer', '#filter-type', '#filter-from', '#filter-to']) $(input).value = '';
  showFilters();
});
// Filters start open where there is room, folded on a phone.
$('#filters').open = matchMedia('(min-width: 641px)').matches;

(async () => {
  try {
    const health = await api('/api/health');
    $('#status').textContent = `${health.documents} 篇文件 · ${health.mode === 'llm' ? '大模型模式' : '离线摘录模式'}`;
    if (!health.llmAvailable) $('#mode option[value="llm"]').disabled = true;
  } catch (error) {
    $('#status').textContent = `无法连接服务：${error.message}`;
  }
  await loadConversations().catch(() => {});
  const id = /^#c=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];
  if (id) await openConversation(id).catch(() => newConversation());
})();
