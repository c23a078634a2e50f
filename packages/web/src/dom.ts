/**
 * The page's one rendering helper: `h(tag, props, ...children)` builds a DOM element. Text is
 * always set as text (never parsed as HTML), so names from a cohort cannot inject markup.
 */

/** What `h` takes as a child: nodes, text, numbers; null, undefined and false are skipped. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Listener = (event: Event) => void;

type Listeners = Readonly<Record<string, Listener>>;

/**
 * Attributes by name (`class`, `id`, `aria-live`, `for`...): a string or number sets it, true
 * sets it empty, false/null/undefined leave it out. `on` adds event listeners.
 */
export interface Props {
  readonly on?: Listeners;
  readonly [name: string]: string | number | boolean | null | undefined | Listeners;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (name === "on" || typeof value === "object") continue;
    if (value === true) element.setAttribute(name, "");
    else if (typeof value === "string" || typeof value === "number") element.setAttribute(name, String(value));
  }
  for (const [type, listener] of Object.entries(props?.on ?? {})) element.addEventListener(type, listener);
  append(element, children);
  return element;
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Moves keyboard and screen-reader focus to the element with this id, if it is on the page. */
export function focusById(id: string): void {
  const element = document.getElementById(id);
  if (element === null) return;
  if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) element.setAttribute("tabindex", "-1");
  element.focus();
}
