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

    /** True when a dict has key {@code name}, or another object the attribute. */
    public static boolean has(Value object, String name) {
        return object.hasHashEntries() ? object.hasHashEntry(name) : object.hasMember(name);
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

    /** A list (or tuple) of Python ints. */
    public static int[] wholes(Value object, String name) {
        Value list = member(object, name);
        int[] out = new int[(int) list.getArraySize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.getArrayElement(i).asInt();
        }
        return out;
    }
}
