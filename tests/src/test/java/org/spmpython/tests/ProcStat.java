package org.spmpython.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's /proc/PID/stat, split into its fields (the command, in parentheses, as one). */
final class ProcStat {
    static final int STATE = 2;
    static final int PPID = 3;
    static final int PGRP = 4;
    static final int SESSION = 5;
    static final int TPGID = 7;

    private ProcStat() {
    }

    /** The fields, 0-based as proc(5) numbers them from 1; null when the process is gone. */
    static String[] of(long pid) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
        int close = text.lastIndexOf(')');
        String[] rest = text.substring(close + 2).trim().split(" ");
        String[] fields = new String[rest.length + 2];
        fields[0] = text.substring(0, text.indexOf(' '));
        fields[1] = text.substring(text.indexOf('(') + 1, close);
        System.arraycopy(rest, 0, fields, 2, rest.length);
        return fields;
    }
}
