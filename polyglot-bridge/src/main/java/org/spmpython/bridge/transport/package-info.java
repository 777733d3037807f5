/**
 * Hub ↔ spoke transport (DESIGN §10): length-prefixed msgpack frames of the {@link
 * org.spmpython.bridge.transport.Message}s defined in one place, a version check, and an HMAC
 * challenge-response before a spoke is told or sent anything. {@link
 * org.spmpython.bridge.transport.Tracker} is the hub's server and registry of spokes; {@link
 * org.spmpython.bridge.transport.SpokeClient} is a spoke's end. Netty threads never call into
 * Python: work crosses to an interpreter thread through queues and futures.
 */
package org.spmpython.bridge.transport;
