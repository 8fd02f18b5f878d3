/**
 * @rtmp/amf3 — AMF3 (Action Message Format 3) encoder and decoder, bounded, with an ergonomic
 * and a lossless view.
 */
export type { Amf3Member, Amf3Node, Amf3NodeType, Amf3StringNode, Amf3Traits } from './amf3-node.js';
export { ShortStringCache } from './short-string-cache.js';
export { TypedObject, typedObject } from './typed-object.js';
export { Xml, XmlDocument, xmlDocument } from './xml-document.js';
