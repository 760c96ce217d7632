// DOM helpers shared by the chat (app.js) and the knowledge-base page (kb.js). Text goes in as
// textContent only, never as HTML.

export const $ = (selector) => document.querySelector(selector);

export const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};
