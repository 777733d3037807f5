package org.spmpython.natives;

import java.io.IOException;

/** A file is not an ELF file, or is a damaged one; the message names the file and what is wrong. */
public final class ElfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }
}
