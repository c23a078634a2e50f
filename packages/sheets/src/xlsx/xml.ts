/**
 * A small event interface over the saxes XML parser, for the parts of a workbook. Element and
 * attribute names are local names (a `x:row` is a `row`). A document type declaration is
 * refused outright: SpreadsheetML has none, and refusing it rules out entity expansion
 * ("billion laughs") and external entities. saxes itself expands only the five predefined
 * entities and character references.
 */
import { SaxesParser } from "saxes";

export interface XmlElement {
  /** The local name. */
  readonly name: string;
  /** Attribute values by local name. */
  readonly attributes: ReadonlyMap<string, string>;
}

export interface XmlHandlers {
  readonly open?: (element: XmlElement) => void;
  readonly close?: (name: string) => void;
  /** Character data (text and CDATA), possibly in several pieces. */
  readonly text?: (text: string) => void;
}

/** A part that is not well-formed XML, or that declares a document type. */
export class XmlError extends Error {}

/** Parses a whole XML document, calling the handlers in document order; throws XmlError. */
export function parseXml(xml: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on("error", (error) => {
    throw new XmlError(`a part of the workbook is not well-formed XML (${error.message})`);
  });
  parser.on("doctype", () => {
    throw new XmlError("the workbook declares a document type, which a workbook never needs");
  });
  const { open, close, text } = handlers;
  if (open !== undefined) {
    parser.on("opentag", (tag) => {
      const attributes = new Map<string, string>();
      for (const attribute of Object.values(tag.attributes)) attributes.set(attribute.local, attribute.value);
      open({ name: tag.local, attributes });
    });
  }
  if (close !== undefined) parser.on("closetag", (tag) => close(tag.local));
  if (text !== undefined) {
    parser.on("text", text);
    parser.on("cdata", text);
  }
  parser.write(xml).close();
}
