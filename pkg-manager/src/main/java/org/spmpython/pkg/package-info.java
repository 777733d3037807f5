/**
 * The multi-version package store and its {@code -/@-/pkg.builtin/} import hook (DESIGN §9).
 * Not built yet (issue 6); see pkg-manager/README.md.
 */
package org.spmpython.pkg;
