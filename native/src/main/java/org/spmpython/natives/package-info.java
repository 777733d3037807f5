/**
 * The operating system underneath spm-python: JNA bindings to the C library ({@link
 * org.spmpython.natives.LibC}) behind a small Java facade ({@link org.spmpython.natives.Posix}).
 * Later: process groups, the parent-death signal, core pinning, CUDA and ELF probes, and the C
 * sources of {@code libspm.so} (built by the Maven build with gcc).
 */
package org.spmpython.natives;
