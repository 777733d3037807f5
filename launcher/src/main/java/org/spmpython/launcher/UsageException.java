package org.spmpython.launcher;

/** The command line is wrong: the message says what, and the launcher exits with status 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
