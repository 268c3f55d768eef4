// Paperstream catalog page: hash-routed views over the query service's JSON API and its SSE theme streams.
// Every piece of catalog data reaches the DOM as text nodes (never innerHTML): titles and summaries are user data.

const PAGE_SIZE = 20;
const SNIPPET_CHARS = 300;
const RELATED_LIMIT = 10;
const LIVE_MAX_ITEMS = 50;
const SORTS = ['recent', 'related', 'title', 'relevance'];
const MATCHES = ['all', 'any'];
/** Widest screen that gets the single-column layout (app.css uses the same breakpoint). */
const NARROW_MAX_WIDTH = 700;
/** Spreads theme hues around the colour wheel so that neighbouring themes look different. */
const GOLDEN_ANGLE = 137.508;

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------------------
// API access: JSON in, problem+json errors turned into ProblemError

class ProblemError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

function apiUrl(path, params = {}) {
  // Relative to the page, so the page also works behind a path prefix.
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(params)) {
    for (const one of [].concat(value)) {
      if (one !== undefined && one !== null && one !== '') url.searchParams.append(name, one);
    }
  }
  return url;
}

async function getJson(path, params) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), { headers: { Accept: 'application/json' } });
  } catch (networkError) {
    throw new ProblemError({
      title: 'The catalog service cannot be reached',
      detail: 'Check that the query service is running, then try again.',
    });
  }
  if (!response.ok) {
    let problem = { status: response.status, title: response.statusText || 'Request failed' };
    try {
      const body = await response.json();
      if (body && typeof body === 'object') problem = { ...problem, ...body };
    } catch (notJson) {
      // keep the status line
    }
    throw new ProblemError(problem);
  }
  return response.json();
}

// ---------------------------------------------------------------------------------------------------------
// DOM helpers

/** Builds an element; strings become text nodes, so data is always escaped. */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'style') for (const [prop, v] of Object.entries(value)) node.style.setProperty(prop, v);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function showProblem(container, heading, error) {
  const problem = error instanceof ProblemError ? error.problem : { detail: String(error) };
  container.replaceChildren(
    h('p', {}, h('strong', {}, heading)),
    h('p', { 'data-testid': 'problem-detail' }, problem.detail || problem.title || 'Unknown error'),
    problem.status ? h('p', { class: 'muted' }, `HTTP ${problem.status}${problem.title ? ` · ${problem.title}` : ''}`) : null,
  );
  container.hidden = false;
}

function formatInstant(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function timeElement(iso, prefix = '') {
  return iso ? h('time', { datetime: iso }, `${prefix}${formatInstant(iso)}`) : null;
}

function plural(count, one, many = `${one}s`) {
  return `${Number(count).toLocaleString('en')} ${count === 1 ? one : many}`;
}

function snippet(text, max) {
  if (!text || text.length <= max) return text || '';
  const cut = text.lastIndexOf(' ', max);
  return `${text.slice(0, cut > max / 2 ? cut : max)}…`;
}

// ---------------------------------------------------------------------------------------------------------
// Themes: labels, colours, chips

const themeIndex = new Map(); // slug -> { slug, label, description, paperCount, hue }

function hueOf(slug) {
  const known = themeIndex.get(slug);
  if (known) return known.hue;
  let hash = 7;
  for (const ch of slug) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 360;
}

function labelOf(slug, fallback) {
  return themeIndex.get(slug)?.label || fallback || slug;
}

/** A theme reference is a slug (sharedThemes) or an object with a slug (themes). */
function slugOf(theme) {
  return typeof theme === 'string' ? theme : theme?.slug;
}

function themeChips(themes, withScore = false) {
  if (!themes || themes.length === 0) return null;
  return h('ul', { class: 'chips', 'aria-label': 'Themes' },
    themes.map((theme) => {
      const slug = slugOf(theme);
      const label = labelOf(slug, theme.label);
      return h('li', { class: 'chip', 'data-testid': 'theme-chip', 'data-theme': slug, style: { '--hue': hueOf(slug) } },
        label,
        withScore && typeof theme.score === 'number' ? h('span', { class: 'score' }, ` ${theme.score.toFixed(2)}`) : null);
    }));
}

function relatedSummary(related) {
  const entries = Object.entries(related || {});
  if (entries.length === 0) return null;
  return h('span', { 'data-testid': 'related-summary' },
    `Related: ${entries.map(([kind, count]) => `${count} ${kind}`).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Highlighting the matched terms of each theme

// The taxonomy's term syntax (enrich's TermSyntax), matched here ignoring case: words are runs of letters and
// digits; "multi-agent" also matches "multi agent" and "multiagent"; a word matches its regular plural;
// "merg*" is a prefix; a lone "*" is any one word. Phrases do not run across sentence punctuation.
const WORD_CHAR = '[\\p{L}\\p{N}]';
const BETWEEN_WORDS = '[^\\p{L}\\p{N}.,;:!?()\\[\\]]+';
const INSIDE_HYPHENATED = '[^\\p{L}\\p{N}.,;:!?()\\[\\]]?';

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordPattern(word) {
  if (word === '*') return `${WORD_CHAR}+`;
  if (word.endsWith('*')) return `${escapeRegExp(word.slice(0, -1))}${WORD_CHAR}*`;
  if (/[^aeiou]y$/i.test(word)) return `${escapeRegExp(word.slice(0, -1))}(?:y|ies)`;
  return `${escapeRegExp(word)}(?:e?s)?`;
}

/** A regular expression source for one term, or '' when the term has no word. */
function termPattern(term) {
  return term.trim().split(/\s+/u)
    .map((part) => (part.match(/[\p{L}\p{N}*]+/gu) || []).map(wordPattern).join(INSIDE_HYPHENATED))
    .filter(Boolean)
    .join(BETWEEN_WORDS);
}

/**
 * Returns a function turning a text into a fragment in which every matched term of the given themes is
 * wrapped in a <mark> naming its theme(s). Matching ignores case and takes whole words only.
 */
function highlighter(themes) {
  const byTerm = new Map();
  for (const theme of themes || []) {
    for (const term of theme.matched || []) {
      const key = String(term).trim().toLowerCase();
      if (!key || !termPattern(key)) continue;
      const entry = byTerm.get(key) || { key, pattern: termPattern(key), themes: [] };
      if (!entry.themes.some((t) => t.slug === theme.slug)) entry.themes.push({ slug: theme.slug, label: labelOf(theme.slug, theme.label) });
      byTerm.set(key, entry);
    }
  }
  // Longest first: at one position the longest term wins ("reward model" over "reward").
  const entries = [...byTerm.values()].sort((a, b) => b.key.length - a.key.length);
  if (entries.length === 0) return (text) => document.createTextNode(text || '');
  const regex = new RegExp(
    `(?<!${WORD_CHAR})(?:${entries.map((e) => `(${e.pattern})`).join('|')})(?!${WORD_CHAR})`, 'giu');

  return (text) => {
    const fragment = document.createDocumentFragment();
    const source = text || '';
    let last = 0;
    for (const match of source.matchAll(regex)) {
      if (match[0].length === 0) continue;
      const entry = entries[match.slice(1).findIndex((group) => group !== undefined)];
      fragment.append(source.slice(last, match.index), markFor(match[0], entry));
      last = match.index + match[0].length;
    }
    fragment.append(source.slice(last));
    return fragment;
  };
}

function markFor(text, entry) {
  const slugs = entry.themes.map((t) => t.slug);
  return h('mark', {
    class: ['hl', ...slugs.map((slug) => `theme-${slug.replace(/[^a-z0-9-]/g, '')}`)].join(' '),
    'data-theme': slugs.join(' '),
    'data-term': entry.key,
    title: `${entry.themes.map((t) => t.label).join(', ')} (“${entry.key}”)`,
    style: { '--hue': hueOf(slugs[0]) },
  }, text);
}

// ---------------------------------------------------------------------------------------------------------
// Routing: #/?q=…&theme=…&themeMatch=…&sort=… is the catalog, #/papers/<id> is one paper

/** A percent-decoded address part, or null when its encoding is malformed (decodeURIComponent throws URIError). */
function decodedOrNull(text) {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    if (error instanceof URIError) return null;
    throw error;
  }
}

function parseRoute() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const queryStart = raw.indexOf('?');
  const path = queryStart < 0 ? raw : raw.slice(0, queryStart);
  const paper = path.match(/^\/papers\/([^/]+)\/?$/);
  if (paper) {
    const id = decodedOrNull(paper[1]);
    // Anyone can link to a hand-made address: a malformed one gets its own view, never a broken page.
    return id === null ? { view: 'malformed', address: location.hash } : { view: 'paper', id };
  }
  const params = new URLSearchParams(queryStart < 0 ? '' : raw.slice(queryStart + 1));
  const q = (params.get('q') || '').trim();
  const sort = SORTS.includes(params.get('sort')) ? params.get('sort') : '';
  return {
    view: 'catalog',
    filters: {
      q,
      themes: [...new Set(params.getAll('theme').filter(Boolean))],
      themeMatch: MATCHES.includes(params.get('themeMatch')) ? params.get('themeMatch') : 'all',
      // Relevance only means something for a search; without one, fall back to the default.
      sort: sort === 'relevance' && !q ? '' : sort,
      minRelated: params.get('minRelated') || '',
      source: params.get('source') || '',
    },
  };
}

function effectiveSort(filters) {
  return filters.sort || (filters.q ? 'relevance' : 'recent');
}

function catalogHash(filters) {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  for (const slug of filters.themes) params.append('theme', slug);
  if (filters.themeMatch !== 'all') params.set('themeMatch', filters.themeMatch);
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.minRelated) params.set('minRelated', filters.minRelated);
  if (filters.source) params.set('source', filters.source);
  const query = params.toString();
  return query ? `#/?${query}` : '#/';
}

const DEFAULT_FILTERS = Object.freeze({ q: '', themes: [], themeMatch: 'all', sort: '', minRelated: '', source: '' });

/** The catalog's filters, kept while a paper is shown so that "back" and the facets continue from them. */
let currentFilters = parseRoute().filters || DEFAULT_FILTERS;

function navigateCatalog(changes) {
  const next = { ...currentFilters, ...changes };
  if (next.sort === 'relevance' && !next.q) next.sort = '';
  // Taken at once, not at the (asynchronous) hashchange: a second quick click builds on this one.
  currentFilters = next;
  location.hash = catalogHash(next);
}

let routedOnce = false;

function route() {
  // In-page anchors (the skip link's #main) are not routes: keep the current view.
  if (routedOnce && !location.hash.startsWith('#/') && location.hash !== '') return;
  const target = parseRoute();
  const moveFocus = routedOnce; // never steal focus on the first load
  routedOnce = true;
  if (target.view === 'paper') {
    showPaper(target.id, moveFocus);
  } else if (target.view === 'malformed') {
    showMalformedAddress(target.address, moveFocus);
  } else {
    currentFilters = target.filters;
    showCatalog(target.filters, moveFocus);
  }
  // The route the controls show now (location.hash changes before hashchange is handled); tests wait on it.
  document.body.dataset.route = location.hash;
}

// ---------------------------------------------------------------------------------------------------------
// Catalog view: filters, list, paging

const catalog = {
  key: null, items: 0, nextCursor: null, total: 0, totalExact: true, token: 0, failed: false, lastOpened: null,
};

function queryKey(filters) {
  return JSON.stringify({ ...filters, sort: effectiveSort(filters) });
}

function syncControls(filters) {
  $('search-input').value = filters.q;
  const sortSelect = $('sort-select');
  sortSelect.querySelector('option[value="relevance"]').disabled = !filters.q;
  sortSelect.value = effectiveSort(filters);
  for (const radio of document.querySelectorAll('input[name="themeMatch"]')) radio.checked = radio.value === filters.themeMatch;
  for (const box of document.querySelectorAll('#facet-list input[type="checkbox"]')) box.checked = filters.themes.includes(box.value);
  $('clear-filters').hidden = !filters.q && filters.themes.length === 0;
  $('theme-selection').textContent = filters.themes.length > 0 ? `(${filters.themes.length} selected)` : '';
  if (filters.themes.length > 0) $('theme-filters').open = true;
}

function showCatalog(filters, moveFocus) {
  $('paper-view').hidden = true;
  $('catalog-view').hidden = false;
  document.title = 'Paperstream catalog';
  syncControls(filters);
  const key = queryKey(filters);
  if (key === catalog.key && !catalog.failed) {
    // Back from a paper: keep the pages already loaded and return to the paper that was opened.
    const link = catalog.lastOpened && document.querySelector(`#paper-list a[data-paper-id="${CSS.escape(catalog.lastOpened)}"]`);
    if (moveFocus) (link || $('catalog-heading')).focus?.();
    return;
  }
  Object.assign(catalog, { key, items: 0, nextCursor: null, total: 0, totalExact: true, failed: false, lastOpened: null });
  $('paper-list').replaceChildren();
  loadThemes();
  loadPage(filters, null);
}

async function loadPage(filters, cursor) {
  const token = ++catalog.token;
  const list = $('paper-list');
  const more = $('more-button');
  $('catalog-error').hidden = true;
  $('empty-state').hidden = true;
  more.disabled = true;
  list.setAttribute('aria-busy', 'true');
  if (!cursor) $('result-status').textContent = 'Loading papers…';
  try {
    const page = await getJson('papers', {
      q: filters.q,
      theme: filters.themes,
      themeMatch: filters.themes.length > 0 ? filters.themeMatch : undefined,
      sort: effectiveSort(filters),
      minRelated: filters.minRelated,
      source: filters.source,
      limit: PAGE_SIZE,
      cursor,
      // counts over every matching paper, once per listing (the next pages match the same papers)
      facets: cursor ? undefined : 'theme,source',
    });
    if (token !== catalog.token) return; // a newer query superseded this one
    if (!cursor) showMatchCounts(page.facets, page.facetsExact === false ? page.facetsCounted : null);
    const items = page.items || [];
    const cards = items.map(paperCard);
    list.append(...cards);
    catalog.items += items.length;
    catalog.total = typeof page.total === 'number' ? page.total : catalog.items;
    catalog.totalExact = page.totalExact !== false;
    catalog.nextCursor = page.nextCursor || null;
    more.hidden = !catalog.nextCursor;
    $('empty-state').hidden = catalog.items > 0;
    $('result-status').textContent = resultStatus(filters);
    // After "More", continue reading where the new papers start.
    if (cursor && cards.length > 0) cards[0].querySelector('a').focus();
  } catch (error) {
    if (token !== catalog.token) return;
    catalog.failed = true;
    $('result-status').textContent = '';
    showProblem($('catalog-error'), 'Could not load the papers.', error);
  } finally {
    if (token === catalog.token) {
      list.removeAttribute('aria-busy');
      more.disabled = false;
    }
  }
}

function resultStatus(filters) {
  // A very large listing may report a lower bound rather than an exact count.
  const parts = [`${catalog.totalExact ? '' : 'at least '}${plural(catalog.total, 'paper')}`];
  if (filters.q) parts.push(`matching “${filters.q}”`);
  if (filters.themes.length === 1) parts.push(`in ${labelOf(filters.themes[0])}`);
  if (filters.themes.length > 1) {
    parts.push(`in ${filters.themeMatch === 'all' ? 'all' : 'any'} of ${filters.themes.map((s) => labelOf(s)).join(', ')}`);
  }
  const shown = catalog.items < catalog.total ? ` · showing ${catalog.items}` : '';
  return `${parts.join(' ')}${shown}`;
}

function paperLink(paper, highlight) {
  return h('a', {
    href: `#/papers/${encodeURIComponent(paper.id)}`,
    'data-testid': 'paper-link',
    'data-paper-id': paper.id,
    onclick: () => { catalog.lastOpened = paper.id; },
  }, highlight ? highlight(paper.title) : paper.title);
}

function paperCard(paper) {
  const highlight = highlighter(paper.themes);
  return h('li', { class: 'paper-card', 'data-testid': 'paper-item', 'data-paper-id': paper.id },
    h('h3', {}, paperLink(paper, highlight)),
    h('p', { class: 'meta' },
      paper.source ? h('span', {}, paper.source) : null,
      timeElement(paper.ingestedAt, 'ingested '),
      typeof paper.relatedPapers === 'number'
        ? h('span', { 'data-testid': 'related-papers-count' }, `shares themes with ${plural(paper.relatedPapers, 'paper')}`)
        : null,
      relatedSummary(paper.related)),
    h('p', { class: 'snippet' }, highlight(snippet(paper.summary, SNIPPET_CHARS))),
    themeChips(paper.themes));
}

// ---------------------------------------------------------------------------------------------------------
// Theme facets and the live panel's theme picker

let themesToken = 0;

async function loadThemes() {
  const token = ++themesToken;
  try {
    const themes = await getJson('themes');
    if (token !== themesToken) return;
    themes.forEach((theme, index) => {
      themeIndex.set(theme.slug, { ...theme, hue: Math.round((index * GOLDEN_ANGLE) % 360) });
    });
    renderFacets(themes);
    renderLiveOptions(themes);
  } catch (error) {
    if (token !== themesToken) return;
    const status = $('facets-status');
    status.hidden = false;
    status.textContent = `Themes are unavailable: ${error.message}`;
  }
}

/**
 * Updates the facets in place (counts, labels, checks), keeping each theme's checkbox element: re-creating them
 * on every refresh would take keyboard focus away from the facet just toggled.
 */
function renderFacets(themes) {
  const status = $('facets-status');
  status.hidden = themes.length > 0;
  status.textContent = themes.length > 0 ? '' : 'No themes yet.';
  const list = $('facet-list');
  const existing = new Map([...list.children].map((item) => [item.dataset.slug, item]));
  const items = themes.map((theme) => {
    const item = existing.get(theme.slug) || facetItem(theme.slug);
    item.querySelector('label').title = theme.description || '';
    item.querySelector('.facet-label').textContent = theme.label;
    item.dataset.total = String(theme.paperCount || 0);
    item.querySelector('input').checked = currentFilters.themes.includes(theme.slug);
    return item;
  });
  items.forEach((item, index) => {
    if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null);
  });
  while (list.children.length > items.length) list.lastElementChild.remove();
  applyFacetCounts();
}

/** Papers per theme (slug to count) among those matching the current filters; null until a listing said. */
let matchCounts = null;

/**
 * Puts the listing's facet counts next to the themes, and lists its sources. {@code counted}: set when the service
 * counted only that many of the matches (a large text or date listing), which the source heading then says.
 */
function showMatchCounts(facets, counted) {
  matchCounts = facets?.theme ? new Map(facets.theme.map((value) => [value.slug, value.count])) : null;
  applyFacetCounts();
  $('source-facets-scope').textContent = counted
    ? `of ${Number(counted).toLocaleString('en')} of the papers shown` : 'of the papers shown';
  const sources = facets?.source || [];
  $('source-facets').hidden = sources.length === 0;
  $('source-list').replaceChildren(...sources.map((value) => h('li', { 'data-testid': 'source-facet', 'data-source': value.value },
    h('span', { class: 'facet-label' }, value.value),
    h('span', { class: 'count', 'data-testid': 'source-count' }, Number(value.count).toLocaleString('en')))));
}

/** Each theme's number: papers matching the current filters that carry it (the catalog's count until known). */
function applyFacetCounts() {
  for (const item of $('facet-list').children) {
    const count = matchCounts ? (matchCounts.get(item.dataset.slug) || 0) : Number(item.dataset.total || 0);
    item.querySelector('.facet-number').textContent = count.toLocaleString('en');
    item.classList.toggle('facet-empty', matchCounts !== null && count === 0);
  }
}

function facetItem(slug) {
  const id = `facet-${slug}`;
  return h('li', { 'data-slug': slug },
    h('label', { for: id },
      h('input', {
        type: 'checkbox', id, value: slug, 'data-testid': id,
        onchange: (event) => toggleTheme(slug, event.target.checked),
      }),
      h('span', { class: 'facet-label' }),
      h('span', { class: 'count', 'data-testid': 'facet-count' },
        h('span', { class: 'visually-hidden' }, ', '), h('span', { class: 'facet-number' }))));
}

function toggleTheme(slug, on) {
  const themes = currentFilters.themes.filter((s) => s !== slug);
  if (on) themes.push(slug);
  navigateCatalog({ themes });
}

function renderLiveOptions(themes) {
  const select = $('live-theme');
  // Rebuild only when the themes changed, so that an open picker is not disturbed by a count refresh.
  const signature = JSON.stringify(themes.map((t) => [t.slug, t.label]));
  if (select.dataset.signature === signature) return;
  select.dataset.signature = signature;
  const chosen = select.value;
  select.replaceChildren(h('option', { value: '' }, 'Not watching'),
    ...themes.map((theme) => h('option', { value: theme.slug }, theme.label)));
  select.value = themes.some((t) => t.slug === chosen) ? chosen : '';
}

// ---------------------------------------------------------------------------------------------------------
// Paper view

let paperToken = 0;

async function showPaper(id, moveFocus) {
  const token = ++paperToken;
  $('catalog-view').hidden = true;
  $('paper-view').hidden = false;
  $('paper-error').hidden = true;
  $('paper-detail').replaceChildren();
  $('paper-status').textContent = 'Loading the paper…';
  $('back-link').href = catalogHash(currentFilters);
  if (themeIndex.size === 0) loadThemes();
  try {
    const [paper, related, similar] = await Promise.all([
      getJson(`papers/${encodeURIComponent(id)}`),
      // A failure of the related lists must not hide the paper itself.
      getJson(`papers/${encodeURIComponent(id)}/related`, { limit: RELATED_LIMIT }).catch((error) => error),
      getJson(`papers/${encodeURIComponent(id)}/similar`, { limit: RELATED_LIMIT }).catch((error) => error),
    ]);
    if (token !== paperToken) return;
    $('paper-status').textContent = '';
    document.title = `${paper.title} · Paperstream`;
    renderPaper(paper, related, similar);
    if (moveFocus) $('paper-title').focus();
  } catch (error) {
    if (token !== paperToken) return;
    $('paper-status').textContent = '';
    document.title = 'Paper not found · Paperstream';
    showProblem($('paper-error'), 'Could not load this paper.', error);
    if (moveFocus) $('back-link').focus();
  }
}

/** The not-found view of an address whose percent-encoding cannot be decoded (e.g. #/papers/%E0%A4%A). */
function showMalformedAddress(address, moveFocus) {
  ++paperToken; // a paper still loading must not replace this view
  $('catalog-view').hidden = true;
  $('paper-view').hidden = false;
  $('paper-detail').replaceChildren();
  $('paper-status').textContent = '';
  $('back-link').href = catalogHash(currentFilters);
  document.title = 'Not found · Paperstream';
  showProblem($('paper-error'), 'Not found: this address is malformed.',
    new ProblemError({ status: 404, title: 'Not Found',
      detail: `The address ${address} holds a malformed percent-encoding, so it names no paper.` }));
  if (moveFocus) $('back-link').focus();
}

function renderPaper(paper, related, similar) {
  const highlight = highlighter(paper.themes);
  const themes = [...(paper.themes || [])].sort((a, b) => (b.score || 0) - (a.score || 0));
  $('paper-detail').replaceChildren(
    h('h2', { id: 'paper-title', tabindex: '-1', 'data-testid': 'paper-title' }, highlight(paper.title)),
    h('p', { class: 'meta' },
      paper.source ? h('span', {}, `source ${paper.source}`) : null,
      timeElement(paper.ingestedAt, 'ingested '),
      timeElement(paper.enrichedAt, 'tagged '),
      paper.taxonomyVersion ? h('span', {}, `taxonomy ${paper.taxonomyVersion}`) : null),

    h('section', { 'aria-labelledby': 'paper-themes-heading' },
      h('h3', { id: 'paper-themes-heading' }, 'Themes'),
      themes.length === 0
        ? h('p', { class: 'muted', 'data-testid': 'paper-no-themes' }, 'This paper carries none of the catalog’s themes.')
        : h('ul', { class: 'theme-evidence', 'data-testid': 'paper-themes' }, themes.map((theme) => h('li', {},
          themeChips([theme], true),
          theme.matched?.length
            ? h('span', { class: 'terms' }, ' matched ',
              theme.matched.map((term, i) => [i > 0 ? ', ' : '', highlighter([{ ...theme, matched: [term] }])(term)]))
            : null)))),

    h('section', { 'aria-labelledby': 'paper-summary-heading' },
      h('h3', { id: 'paper-summary-heading' }, 'Summary'),
      h('p', { class: 'summary', 'data-testid': 'paper-summary' }, highlight(paper.summary))),

    h('section', { 'aria-labelledby': 'paper-digest-heading' },
      h('h3', { id: 'paper-digest-heading' }, 'Related in the digest'),
      relatedCounts(paper.related)),

    h('section', { 'aria-labelledby': 'paper-related-heading' },
      h('h3', { id: 'paper-related-heading' }, 'Related papers'),
      typeof paper.relatedPapers === 'number'
        ? h('p', { class: 'muted' }, `Shares at least one theme with ${plural(paper.relatedPapers, 'other paper')}.`)
        : null,
      relatedPapers(related)),

    h('section', { 'aria-labelledby': 'paper-similar-heading' },
      h('h3', { id: 'paper-similar-heading' }, 'Similar text'),
      h('p', { class: 'muted' }, 'Papers sharing the rarest words of this one.'),
      similarPapers(similar)));
}

function similarPapers(similar) {
  if (similar instanceof Error) {
    const box = h('div', { class: 'problem', role: 'alert', 'data-testid': 'similar-error' });
    showProblem(box, 'Could not load the similar papers.', similar);
    return box;
  }
  const items = similar?.items || []; // { id, items: [paper + score + sharedTerms] }
  if (items.length === 0) return h('p', { class: 'muted', 'data-testid': 'similar-empty' }, 'No other paper shares its rarer words yet.');
  return h('ol', { class: 'related-list', 'data-testid': 'similar-papers' }, items.map((other) =>
    h('li', { 'data-testid': 'similar-paper', 'data-paper-id': other.id },
      paperLink(other),
      h('div', { class: 'shared' }, h('span', { class: 'muted' }, 'Shared words: '),
        h('span', { class: 'terms', 'data-testid': 'shared-terms' }, (other.sharedTerms || []).join(', '))))));
}

function relatedCounts(related) {
  const entries = Object.entries(related || {});
  if (entries.length === 0) return h('p', { class: 'muted', 'data-testid': 'related-counts' }, 'The digest lists no related items.');
  return h('dl', { class: 'related-counts', 'data-testid': 'related-counts' },
    entries.map(([kind, count]) => h('div', { 'data-testid': 'related-count', 'data-kind': kind },
      h('dt', {}, kind.charAt(0).toUpperCase() + kind.slice(1)),
      h('dd', {}, Number(count).toLocaleString('en')))));
}

function relatedPapers(related) {
  if (related instanceof Error) {
    const box = h('div', { class: 'problem', role: 'alert', 'data-testid': 'related-error' });
    showProblem(box, 'Could not load the related papers.', related);
    return box;
  }
  const items = related?.items || []; // { id, items: [paper + sharedThemes] }
  if (items.length === 0) return h('p', { class: 'muted', 'data-testid': 'related-empty' }, 'No other paper shares a theme with this one yet.');
  return h('ol', { class: 'related-list', 'data-testid': 'related-papers' }, items.map((other) => {
    const shared = (other.sharedThemes || []).map((theme) => (typeof theme === 'string' ? { slug: theme } : theme));
    return h('li', { 'data-testid': 'related-paper', 'data-paper-id': other.id },
      paperLink(other),
      shared.length > 0
        ? h('div', { class: 'shared' }, h('span', { class: 'muted' }, 'Shared themes: '), themeChips(shared))
        : themeChips(other.themes));
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Live panel: one EventSource on /themes/<slug>/stream, newest paper first

const live = { source: null, slug: '', received: 0, items: new Map() };

function setLiveStatus(state, text) {
  const status = $('live-status');
  status.dataset.state = state;
  status.textContent = text;
}

function watchTheme(slug) {
  live.source?.close();
  live.source = null;
  live.slug = slug;
  live.received = 0;
  live.items.clear();
  $('live-list').replaceChildren();
  if (!slug) {
    setLiveStatus('idle', 'Not watching any theme.');
    return;
  }
  const label = labelOf(slug);
  const url = apiUrl(`themes/${encodeURIComponent(slug)}/stream`);
  const source = new EventSource(url);
  live.source = source;
  setLiveStatus('connecting', `Connecting to ${label}…`);
  source.onopen = () => {
    if (live.source === source) setLiveStatus('open', watchingText(label));
  };
  source.addEventListener('paper', (event) => {
    if (live.source !== source) return;
    let paper;
    try {
      paper = JSON.parse(event.data);
    } catch (malformed) {
      return; // one bad event must not stop the stream
    }
    receiveLive(paper);
    setLiveStatus('open', watchingText(label));
  });
  source.onerror = () => {
    if (live.source !== source) return;
    if (source.readyState === EventSource.CLOSED) explainStreamFailure(url, label);
    else setLiveStatus('connecting', `Connection to ${label} lost, reconnecting…`);
  };
}

function watchingText(label) {
  return `Watching ${label}: ${plural(live.received, 'new paper')} so far.`;
}

/** EventSource hides why it gave up; ask the same URL once to show the problem+json detail. */
async function explainStreamFailure(url, label) {
  let detail = 'the stream was closed';
  try {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream' } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      detail = body.detail || body.title || `HTTP ${response.status}`;
    }
    response.body?.cancel();
  } catch (networkError) {
    detail = 'the catalog service cannot be reached';
  }
  setLiveStatus('error', `Stopped watching ${label}: ${detail}.`);
}

function receiveLive(paper) {
  if (!paper || !paper.id) return;
  live.received += 1;
  const list = $('live-list');
  live.items.get(paper.id)?.remove(); // a re-tagged paper moves to the top instead of appearing twice
  const item = h('li', { class: 'fresh', 'data-testid': 'live-item', 'data-paper-id': paper.id },
    h('a', { href: `#/papers/${encodeURIComponent(paper.id)}`, 'data-paper-id': paper.id }, paper.title),
    h('p', { class: 'meta' },
      timeElement(new Date().toISOString(), 'received '),
      paper.source ? h('span', {}, paper.source) : null),
    themeChips(paper.themes));
  live.items.set(paper.id, item);
  list.prepend(item);
  while (list.children.length > LIVE_MAX_ITEMS) {
    const oldest = list.lastElementChild;
    live.items.delete(oldest.dataset.paperId);
    oldest.remove();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Wiring

function start() {
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    navigateCatalog({ q: $('search-input').value.trim() });
  });
  $('sort-select').addEventListener('change', (event) => navigateCatalog({ sort: event.target.value }));
  for (const radio of document.querySelectorAll('input[name="themeMatch"]')) {
    radio.addEventListener('change', (event) => navigateCatalog({ themeMatch: event.target.value }));
  }
  // The skip link must not touch the hash: the hash is the route.
  document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    $('main').focus();
  });
  $('clear-filters').addEventListener('click', () => navigateCatalog({ q: '', themes: [] }));
  $('more-button').addEventListener('click', () => loadPage(currentFilters, catalog.nextCursor));
  $('live-theme').addEventListener('change', (event) => watchTheme(event.target.value));
  $('paper-list').dataset.pageSize = String(PAGE_SIZE);
  // On a narrow screen the long theme list starts folded, so the papers are in sight.
  const wide = window.matchMedia(`(min-width: ${NARROW_MAX_WIDTH + 1}px)`);
  $('theme-filters').open = wide.matches;
  wide.addEventListener('change', () => { $('theme-filters').open = wide.matches; });
  window.addEventListener('hashchange', route);
  window.addEventListener('pagehide', () => live.source?.close());
  route();
}

start();
