package org.spmpython.bridge.python;

import org.graalvm.polyglot.Value;

/**
 * Reads what Python hands Java ({@code spm._engine} sends dicts — a request, a task, a task's
 * outcome — and objects such as a {@code pool.Pool}): values by name, so both sides say what each
 * value is, never a position.
 */
public final class FromPython {
    private FromPython() {
    }

    /** The value of key {@code name} of a dict, or the attribute {@code name} of another object. */
    public static Value member(Value object, String name) {
        boolean dict = object.hasHashEntries();
        Value v = dict ? (object.hasHashEntry(name) ? object.getHashValue(name) : null) : object.getMember(name);
        if (v == null) {
            throw new IllegalArgumentException("the Python side gave no '" + name + "' in " + object);
        }
        return v;
    }

    public static String text(Value object, String name) {
        return member(object, name).asString();
    }

    public static boolean flag(Value object, String name) {
        return member(object, name).asBoolean();
    }

    public static int whole(Value object, String name) {
        return member(object, name).asInt();
    }

    public static double number(Value object, String name) {
        return member(object, name).asDouble();
    }

    /** Bytes that crossed as Latin-1 text ({@link Latin1}). */
    public static byte[] bytes(Value object, String name) {
        return Latin1.bytes(text(object, name));
    }
}
