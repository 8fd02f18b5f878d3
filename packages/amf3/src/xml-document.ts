/**
 * XmlDocument and Xml: ergonomic values for XML text (AMF0 spec §2.17 XML document, AMF3 spec
 * §3.9 XMLDocument and §3.13 XML). Shared by @rtmp/amf0 and @rtmp/amf3.
 */

/** A legacy `flash.xml.XMLDocument` (AMF0 marker 0x0F, AMF3 marker 0x07). */
export class XmlDocument {
  /** The XML text. */
  readonly xml: string;
  constructor(xml: string) {
    this.xml = xml;
  }
}

/** An E4X `XML` value (AMF3 marker 0x0B only; AMF0 encoders write it as an XML document). */
export class Xml {
  /** The XML text. */
  readonly xml: string;
  constructor(xml: string) {
    this.xml = xml;
  }
}

/** Wraps `xml` so the encoders write an XML document rather than a string. Throws nothing. */
export function xmlDocument(xml: string): XmlDocument {
  return new XmlDocument(xml);
}
