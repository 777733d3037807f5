package org.spmpython.bridge.hub.view;

/** A small JSON writer for the view's state: objects, arrays, strings, numbers, booleans, null. */
final class Json {
    private final StringBuilder out = new StringBuilder(4096);
    /** Whether the next value in the current object or array needs a comma before it. */
    private boolean comma;

    Json beginObject() {
        value();
        out.append('{');
        comma = false;
        return this;
    }

    Json endObject() {
        out.append('}');
        comma = true;
        return this;
    }

    Json beginArray() {
        value();
        out.append('[');
        comma = false;
        return this;
    }

    Json endArray() {
        out.append(']');
        comma = true;
        return this;
    }

    /** The name of the next member of an object. */
    Json name(String name) {
        value();
        string(name);
        out.append(':');
        comma = false;
        return this;
    }

    Json value(String s) {
        value();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        comma = true;
        return this;
    }

    Json value(long n) {
        value();
        out.append(n);
        comma = true;
        return this;
    }

    Json value(boolean b) {
        value();
        out.append(b);
        comma = true;
        return this;
    }

    Json nullValue() {
        value();
        out.append("null");
        comma = true;
        return this;
    }

    Json member(String name, String s) {
        return name(name).value(s);
    }

    Json member(String name, long n) {
        return name(name).value(n);
    }

    Json member(String name, boolean b) {
        return name(name).value(b);
    }

    private void value() {
        if (comma) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters, and '<' so that no text can close a script element.
                    if (c < 0x20 || c == '<' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
