/**
 * Placeholder for Java parts of the multi-version package store (DESIGN §9). The store and its
 * {@code -/@-/pkg.builtin/} import hook are Python ({@code spm.pkg} in spm-python-stdlib), its
 * native probes Java in the native module ({@code org.spmpython.natives.NativeProbes}); see
 * pkg-manager/README.md.
 */
package org.spmpython.pkg;
