// The knowledge-base page: the indexed documents with their metadata and chunk counts, one document's
// chunks with their headings, and (with the admin key) uploads, deletes, re-index progress and the
// problems files had. Everything from the corpus is inserted as text (textContent), never as HTML.
// The admin key lives in sessionStorage only: it goes when the tab closes.

import { $, el } from './dom.js';

const PAGE_SIZE = 100;
const CHUNK_PAGE = 50;
const POLL_MS = 400;
const KEY_STORE = 'policyqa.adminKey';

const state = { q: '', shown: 0, total: 0, doc: null, watching: 0 };

/** A failed API call: the server's code, message and details (an upload's rejected files). */
class ApiError extends Error {
  constructor(status, body) {
    super(body.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.error?.code;
    this.details = body.error?.details;
  }
}

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  return response.status === 204 ? null : response.json();
}

const adminKey = () => sessionStorage.getItem(KEY_STORE);
const admin = (path, options = {}) => api(`/api/admin${path}`, { ...options, headers: { ...options.headers, Authorization: `Bearer ${adminKey()}` } });

// --- the document list ---------------------------------------------------------------------

const COLUMNS = [
  ['文号', (d) => d.documentNumber],
  ['发文机关', (d) => d.issuers?.join('、')],
  ['成文日期', (d) => d.date],
  ['施行日期', (d) => d.effectiveDate],
  ['类型', (d) => d.type],
  ['版本', (d) => d.versionKey],
];

function documentRow(d) {
  const row = el('tr');
  row.dataset.id = d.id;
  const title = el('td', 'title');
  const open = el('button', 'doc-open', d.title);
  open.type = 'button';
  title.append(open);
  if (d.headline) title.append(el('div', 'headline', d.headline));
  row.append(title);
  for (const [label, value] of COLUMNS) {
    const cell = el('td');
    cell.dataset.label = label;
    if (!value(d)) cell.classList.add('empty');
    // A long list of issuers and the version key (often the title itself) are cut to a few lines; the rest shows on hover.
    if ((label === '版本' || label === '发文机关') && value(d)) {
      cell.classList.add(label === '版本' ? 'version' : 'issuers');
      const text = el('span', 'clamp', value(d));
      text.title = value(d);
      cell.append(text);
    } else cell.textContent = value(d) ?? '';
    row.append(cell);
  }
  const chunks = el('td', 'num', String(d.chunks));
  chunks.dataset.label = '段数';
  row.append(chunks);
  row.addEventListener('click', () => openDocument(d.id));
  return row;
}

async function loadDocuments(more = false) {
  const q = state.q;
  const offset = more ? state.shown : 0;
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (q) params.set('q', q);
  const page = await api(`/api/documents?${params}`);
  // A newer filter was typed while this page loaded.
  if (q !== state.q) return;
  const rows = page.documents.map(documentRow);
  if (more) $('#kb-rows').append(...rows);
  else $('#kb-rows').replaceChildren(...rows);
  state.shown = offset + page.documents.length;
  state.total = page.total;
  $('#kb-count').textContent = q ? `${page.total} 篇符合` : `共 ${page.total} 篇`;
  $('#kb-empty').hidden = page.total > 0;
  $('#kb-table').hidden = page.total === 0;
  $('#kb-more').hidden = state.shown >= page.total;
}

async function showCounts() {
  try {
    const health = await api('/api/health');
    $('#kb-status').textContent = `${health.documents} 篇文件 · ${health.chunks} 段${health.reindexing ? ' · 正在重建索引' : ''}`;
  } catch (error) {
    $('#kb-status').textContent = `无法连接服务：${error.message}`;
  }
}

// --- one document --------------------------------------------------------------------------

function chunkItem(chunk) {
  const item = el('li', 'chunk');
  item.dataset.id = chunk.id;
  const heading = chunk.headingPath.slice(1).join(' › ');
  item.append(el('div', heading ? 'chunk-heading' : 'chunk-heading none', heading || '（正文开头）'), el('div', 'chunk-text', chunk.text), el('div', 'chunk-meta', `${chunk.id.slice(chunk.id.lastIndexOf('#'))} · 字符 ${chunk.start}–${chunk.end}`));
  return item;
}

async function openDocument(id) {
  const panel = $('#doc');
  const ticket = String(Number(panel.dataset.opened ?? 0) + 1);
  panel.dataset.opened = ticket;
  panel.hidden = false;
  document.body.classList.add('doc-shown');
  $('#kb-rows').querySelectorAll('tr.active').forEach((row) => row.classList.remove('active'));
  $('#kb-rows').querySelector(`tr[data-id="${CSS.escape(id)}"]`)?.classList.add('active');
  $('#doc-title').textContent = '正在加载…';
  $('#doc-meta').replaceChildren();
  $('#doc-chunk-count').textContent = '';
  $('#doc-chunks').replaceChildren();
  $('#doc-more').hidden = true;
  let doc;
  try {
    doc = await api(`/api/documents/${encodeURIComponent(id)}?chunkLimit=${CHUNK_PAGE}`);
  } catch (error) {
    if (panel.dataset.opened !== ticket) return;
    $('#doc-title').textContent = '无法打开文件';
    $('#doc-chunks').replaceChildren(el('li', 'error', error.message));
    return;
  }
  if (panel.dataset.opened !== ticket) return;
  state.doc = { id, shown: doc.chunkPage.items.length, total: doc.chunkPage.total };
  $('#doc-title').textContent = doc.title;
  const meta = [
    ['标题', doc.headline],
    ['文号', doc.documentNumber],
    ['发文机关', doc.issuers?.join('、')],
    ['成文日期', doc.date],
    ['施行日期', doc.effectiveDate],
    ['类型', doc.type],
    ['版本', doc.versionKey],
    ['来源文件', doc.sourceFile],
    ['字数', String(doc.characters)],
  ];
  for (const [label, value] of meta) if (value) $('#doc-meta').append(el('dt', '', label), el('dd', '', value));
  $('#doc-chunk-count').textContent = `段落（${doc.chunkPage.total}）`;
  $('#doc-chunks').replaceChildren(...doc.chunkPage.items.map(chunkItem));
  $('#doc-more').hidden = state.doc.shown >= state.doc.total;
  $('#doc-close').focus({ preventScroll: true });
}

async function moreChunks() {
  const { id, shown } = state.doc;
  const ticket = $('#doc').dataset.opened;
  const doc = await api(`/api/documents/${encodeURIComponent(id)}?chunkOffset=${shown}&chunkLimit=${CHUNK_PAGE}`);
  if ($('#doc').dataset.opened !== ticket) return;
  $('#doc-chunks').append(...doc.chunkPage.items.map(chunkItem));
  state.doc.shown = shown + doc.chunkPage.items.length;
  $('#doc-more').hidden = state.doc.shown >= doc.chunkPage.total;
}

function closeDocument() {
  const panel = $('#doc');
  panel.dataset.opened = String(Number(panel.dataset.opened ?? 0) + 1);
  panel.hidden = true;
  document.body.classList.remove('doc-shown');
  $('#kb-rows').querySelectorAll('tr.active').forEach((row) => row.classList.remove('active'));
}

// --- admin ---------------------------------------------------------------------------------

const PHASES = { index: '读取与切分', save: '写入索引' };

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const localTime = (iso) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

function showStatus(status) {
  const { reindex } = status;
  const bar = $('#reindex-progress');
  const text = $('#reindex-text');
  text.classList.remove('error');
  bar.hidden = !reindex.running;
  $('#reindex').disabled = reindex.running;
  $('#upload-button').disabled = reindex.running;
  if (reindex.running) {
    const fraction = reindex.total ? Math.min(1, reindex.done / reindex.total) : 0;
    bar.value = fraction;
    const phase = reindex.phase ? `${PHASES[reindex.phase] ?? reindex.phase} ${Math.round(fraction * 100)}%` : '准备中';
    text.textContent = `正在重建索引：${phase}${reindex.file ? ` · ${reindex.file}` : ''}`;
  } else if (reindex.lastError && (!reindex.lastSummary || reindex.lastError.finishedAt >= reindex.lastSummary.finishedAt)) {
    text.textContent = `上次重建失败（${localTime(reindex.lastError.finishedAt)}）：${reindex.lastError.code} ${reindex.lastError.message}`;
    text.classList.add('error');
  } else if (reindex.lastSummary) {
    const { files, documents, chunks, seconds, finishedAt } = reindex.lastSummary;
    const changes = [['新增', files.added], ['更新', files.changed], ['删除', files.removed], ['失败', files.failed]].filter(([, n]) => n > 0).map(([label, n]) => `${label} ${n}`);
    text.textContent = `上次重建完成（${localTime(finishedAt)}，${seconds.toFixed(1)} 秒）：${files.total} 个文件${changes.length ? `（${changes.join('，')}）` : ''}，${documents} 篇，${chunks} 段。`;
  } else {
    text.textContent = `索引：${status.index.files} 个文件，${status.index.documents} 篇，${status.index.chunks} 段${status.index.updatedAt ? `，更新于 ${localTime(status.index.updatedAt)}` : ''}。`;
  }
  // The current index's problems, and while a re-index runs, the ones it has met so far.
  // A re-index reports an unchanged file's problems again: each problem is listed once.
  const running = reindex.running ? reindex.problems.map((p) => ({ file: p.sourceFile, code: p.code, line: p.line, message: p.message })) : [];
  const seen = new Set();
  const rows = [];
  for (const p of [...running, ...status.problems]) {
    const key = JSON.stringify([p.file, p.code, p.line, p.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    const row = el('tr');
    row.append(el('td', 'file', p.file), el('td', 'code', p.line ? `${p.code}（第 ${p.line} 行）` : p.code), el('td', 'problem-message', p.message));
    rows.push(row);
  }
  $('#problems').replaceChildren(...rows);
  $('#problems').closest('table').hidden = rows.length === 0;
  $('#problems-none').hidden = rows.length > 0;
}

async function refreshStatus() {
  const status = await admin('/status');
  showStatus(status);
  return status;
}

/**
 * Polls the status while `work` (an upload, a delete, a re-index) runs, so the bar moves; then
 * reloads the lists. A re-index started elsewhere is watched the same way (work omitted).
 */
async function watch(work) {
  state.watching++;
  let finished = false;
  const poll = async () => {
    while (!finished) {
      const status = await refreshStatus().catch(() => null);
      if (!work && !status?.reindex.running) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  const polling = poll();
  try {
    return await work;
  } finally {
    finished = true;
    await polling;
    state.watching--;
    await Promise.all([refreshStatus().catch(() => {}), refreshUploads().catch(() => {}), loadDocuments().catch(() => {}), showCounts()]);
  }
}

function uploadRow(file) {
  const item = el('li');
  item.dataset.name = file.name;
  item.append(el('span', 'name', file.name), el('span', 'size', `${formatBytes(file.bytes)} · ${localTime(file.modified)}`));
  const remove = el('button', 'delete', '删除');
  remove.type = 'button';
  remove.setAttribute('aria-label', `删除 ${file.name}`);
  remove.addEventListener('click', async () => {
    // Two clicks: the first asks, the second deletes (no dialog to block the page).
    if (!remove.classList.contains('confirm')) {
      remove.classList.add('confirm');
      remove.textContent = '确认删除';
      setTimeout(() => {
        remove.classList.remove('confirm');
        remove.textContent = '删除';
      }, 5000);
      return;
    }
    remove.disabled = true;
    try {
      await watch(admin(`/uploads/${encodeURIComponent(file.name)}`, { method: 'DELETE' }));
      showUploadResult('ok', `已删除 ${file.name}，索引已更新。`);
    } catch (error) {
      showUploadResult('error', `删除失败：${error.message}`);
      remove.disabled = false;
    }
  });
  item.append(remove);
  return item;
}

async function refreshUploads() {
  const { files } = await admin('/uploads');
  $('#uploads').replaceChildren(...(files.length ? files.map(uploadRow) : [el('li', 'note', '还没有上传的文件。')]));
}

function showUploadResult(kind, message, rejected = []) {
  const box = $('#upload-result');
  const line = el('p', kind === 'error' ? 'error' : 'ok', message);
  box.replaceChildren(line);
  if (rejected.length > 0) {
    const list = el('ul', 'rejected');
    for (const r of rejected) {
      const item = el('li');
      item.append(el('span', 'file', r.file), el('span', '', `：${r.reason}`));
      list.append(item);
    }
    box.append(list);
  }
}

async function upload(event) {
  event.preventDefault();
  const input = $('#upload-files');
  if (input.files.length === 0) {
    showUploadResult('error', '请先选择文件。');
    return;
  }
  const body = new FormData();
  for (const file of input.files) body.append('files', file, file.name);
  $('#upload-button').disabled = true;
  showUploadResult('ok', '正在上传…');
  try {
    const result = await watch(admin('/documents', { method: 'POST', body }));
    input.value = '';
    showUploadResult('ok', `已上传 ${result.saved.join('、')}；索引已更新：${result.index.documents} 篇，${result.index.chunks} 段。`);
  } catch (error) {
    // UPLOAD_REJECTED names each refused file and why; nothing of the batch was kept.
    showUploadResult('error', error.code === 'UPLOAD_REJECTED' && Array.isArray(error.details) ? '上传被拒绝，没有保存任何文件：' : `上传失败：${error.message}`, Array.isArray(error.details) ? error.details : []);
  } finally {
    $('#upload-button').disabled = false;
  }
}

async function reindex() {
  $('#reindex').disabled = true;
  try {
    await watch(admin('/reindex', { method: 'POST' }));
  } catch (error) {
    $('#reindex-text').textContent = `重建失败：${error.message}`;
    $('#reindex-text').classList.add('error');
  }
}

/** Opens the admin panel when the stored key works; says why when it does not. */
async function enterAdmin() {
  const failure = $('#admin-login-error');
  failure.hidden = true;
  let status;
  try {
    status = await refreshStatus();
  } catch (error) {
    sessionStorage.removeItem(KEY_STORE);
    failure.textContent = error.code === 'ADMIN_DISABLED' ? '管理功能未启用：服务器未设置 ADMIN_API_KEY。' : error.code === 'UNAUTHORIZED' ? '管理密钥不正确。' : `无法进入管理：${error.message}`;
    failure.hidden = false;
    return;
  }
  $('#admin-login').hidden = true;
  $('#admin-panel').hidden = false;
  await refreshUploads().catch(() => {});
  if (status.reindex.running && state.watching === 0) watch();
}

function leaveAdmin() {
  sessionStorage.removeItem(KEY_STORE);
  $('#admin-panel').hidden = true;
  $('#admin-login').hidden = false;
  $('#admin-key').value = '';
  $('#upload-result').replaceChildren();
}

// --- start ---------------------------------------------------------------------------------

let typing;
$('#kb-filter').addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    state.q = $('#kb-filter').value.trim();
    loadDocuments().catch((error) => ($('#kb-count').textContent = `加载失败：${error.message}`));
  }, 200);
});
$('#kb-more').addEventListener('click', () => loadDocuments(true).catch(() => {}));
$('#doc-more').addEventListener('click', () => moreChunks().catch(() => {}));
$('#doc-close').addEventListener('click', closeDocument);
$('#overlay').addEventListener('click', closeDocument);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !$('#doc').hidden) closeDocument();
});
$('#admin-login').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY_STORE, $('#admin-key').value.trim());
  enterAdmin();
});
$('#admin-logout').addEventListener('click', leaveAdmin);
$('#upload-form').addEventListener('submit', upload);
$('#reindex').addEventListener('click', reindex);
// The admin box starts open where there is room, folded on a phone (unless already signed in).
$('#admin').open = matchMedia('(min-width: 1101px)').matches || Boolean(adminKey());

showCounts();
loadDocuments().catch((error) => ($('#kb-count').textContent = `加载失败：${error.message}`));
if (adminKey()) enterAdmin();
