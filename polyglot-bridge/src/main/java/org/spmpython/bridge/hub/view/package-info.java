/**
 * The hub's live web view ({@code --dashboard HOST:PORT}, DESIGN §14, docs/DASHBOARD.md): an HTTP
 * server of the hub's own (Netty's HTTP codec, on one thread of its own) serving a page, its
 * script and style (shipped in this jar: no CDN), {@code /api/state} (JSON) and {@code
 * /api/events} (server-sent events).
 *
 * <p>How it stays out of the hub's way: the {@link org.spmpython.bridge.hub.view.EventInbox}
 * hears the hub's event stream and only queues each event, lock-free, on the publisher's thread
 * (never blocking the interpreter, the tracker or the cloud); the view's thread drains it into a
 * bounded {@link org.spmpython.bridge.hub.view.ViewModel} and sends states to browsers, skipping a
 * browser that does not keep up ({@link org.spmpython.bridge.hub.view.EventStreams}). Who may read
 * it: {@link org.spmpython.bridge.hub.view.Access} (loopback names, or the token printed at start).
 *
 * <p>May use: {@code hub} (the event stream and its events), {@code hub.run} (reports), {@code
 * wire} (statuses, addresses), Netty. Never Python, never the tracker's monitor: what it shows is
 * read from events only.
 */
package org.spmpython.bridge.hub.view;
